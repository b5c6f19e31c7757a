package io.cryptoflow.collector.testing;

import io.cryptoflow.simulator.market.SimTrade;
import io.cryptoflow.simulator.market.TradeTape;
import java.util.ArrayList;
import java.util.List;

/** The simulator's published trades of a time range, as the test oracle reads them. */
public final class TapeTrades {

    private static final long MINUTE = 60_000L;

    private TapeTrades() {
    }

    /** Every trade of {@code tape} with {@code from <= time <= to}, ascending. */
    public static List<RawTrade> between(TradeTape tape, long from, long to) {
        List<RawTrade> out = new ArrayList<>();
        for (long minute = from / MINUTE; minute <= to / MINUTE; minute++) {
            for (SimTrade t : tape.tradesOfMinute(minute)) {
                if (t.time() >= from && t.time() <= to) {
                    out.add(new RawTrade(t.aggId(), tape.spec().price(t.priceUnits()).toPlainString(),
                            tape.spec().qty(t.qtyUnits()).toPlainString(), t.takerBuy(), t.time()));
                }
            }
        }
        return out;
    }
}
