package io.cryptoflow.simulator.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoflow.simulator.market.LiquidationPush;
import io.cryptoflow.simulator.market.SimLiquidation;
import io.cryptoflow.simulator.market.SimTrade;
import io.cryptoflow.simulator.market.SymbolSpec;
import io.cryptoflow.simulator.market.TradeTape;
import io.cryptoflow.simulator.market.Venue;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Liquidations on the tape, each exchange's push limit and message shape (docs/exchanges.md, "Liquidations"). */
class LiquidationStreamsTest {

    private static final long DAY = 1_764_892_800_000L; // 2025-12-05 00:00 UTC
    private static final SymbolSpec SPEC = SymbolSpec.defaultFor("BTCUSDT");

    private static TradeTape tape(long seed) {
        return new TradeTape(seed, Venue.BINANCE_FUTURES, SPEC, DAY - 86_400_000L, DAY - 86_400_000L, 600, 600);
    }

    @Test
    void liquidationsAreDeterministicTradesOfTheTape() {
        List<SimLiquidation> hour = tape(7).liquidations(DAY, DAY + 3_600_000L);
        assertThat(hour).isEqualTo(tape(7).liquidations(DAY, DAY + 3_600_000L));
        assertThat(hour).hasSizeBetween(36_000 / 40 / 2, 36_000 / 40 * 2);
        Map<Long, SimTrade> trades = new HashMap<>();
        for (long m = DAY / 60_000; m < DAY / 60_000 + 60; m++) {
            tape(7).tradesOfMinute(m).forEach(t -> trades.put(t.aggId(), t));
        }
        for (SimLiquidation l : hour) {
            SimTrade t = trades.get(l.aggId());
            assertThat(t.time()).isEqualTo(l.time());
            assertThat(t.priceUnits()).isEqualTo(l.priceUnits());
            assertThat(t.buyerMaker()).as("a taker sell closes a long").isEqualTo(l.longLiquidated());
        }
    }

    @Test
    void binancePushesOnlyTheLatestLiquidationPerSymbolPerSecond() {
        List<SimLiquidation> all = List.of(liq(1, DAY + 100), liq(2, DAY + 900), liq(3, DAY + 1_000), liq(4, DAY + 3_500),
                liq(5, DAY + 3_999));
        assertThat(LiquidationPush.BINANCE_LATEST_PER_SECOND.sent(all)).extracting(SimLiquidation::aggId)
                .containsExactly(2L, 3L, 5L);
        assertThat(LiquidationPush.BYBIT_ALL_PER_HALF_SECOND.pushes(all)).extracting(List::size)
                .containsExactly(1, 1, 1, 2);
        List<SimLiquidation> day = tape(7).liquidations(DAY, DAY + 3_600_000L);
        List<SimLiquidation> sample = LiquidationPush.BINANCE_LATEST_PER_SECOND.sent(day);
        assertThat(sample.size()).as("a sample: fewer than happened").isLessThan(day.size());
        assertThat(sample.stream().map(l -> l.time() / 1000).distinct().count()).isEqualTo(sample.size());
    }

    @Test
    void binanceForceOrderEventHasTheUsdmShape() {
        SimLiquidation l = new SimLiquidation(9, DAY + 5, 9_910_00, 14, true);
        String event = BinanceStreamSession.forceOrderEvent(SPEC, l, DAY + 7);
        assertThat(event).startsWith("{\"e\":\"forceOrder\",\"E\":" + (DAY + 7) + ",\"o\":{\"s\":\"BTCUSDT\",\"S\":\"SELL\"")
                .contains("\"o\":\"LIMIT\",\"f\":\"IOC\"", "\"X\":\"FILLED\"", "\"T\":" + (DAY + 5))
                .contains("\"q\":\"" + SPEC.qty(14).toPlainString() + "\"", "\"ap\":\"" + SPEC.price(9_910_00).toPlainString() + "\"");
    }

    @Test
    void bybitAllLiquidationNamesThePositionSide() {
        String message = BybitStreamSession.allLiquidationMessage("allLiquidation.BTCUSDT", SPEC,
                List.of(new SimLiquidation(1, DAY + 1, 100, 3, true), new SimLiquidation(2, DAY + 2, 101, 4, false)), DAY + 500);
        assertThat(message).isEqualTo("{\"topic\":\"allLiquidation.BTCUSDT\",\"type\":\"snapshot\",\"ts\":" + (DAY + 500)
                + ",\"data\":[{\"T\":" + (DAY + 1) + ",\"s\":\"BTCUSDT\",\"S\":\"Buy\",\"v\":\"" + SPEC.qty(3).toPlainString()
                + "\",\"p\":\"" + SPEC.price(100).toPlainString() + "\"},{\"T\":" + (DAY + 2) + ",\"s\":\"BTCUSDT\",\"S\":\"Sell\",\"v\":\""
                + SPEC.qty(4).toPlainString() + "\",\"p\":\"" + SPEC.price(101).toPlainString() + "\"}]}");
    }

    private static SimLiquidation liq(long id, long time) {
        return new SimLiquidation(id, time, 100, 1, true);
    }
}
