package io.cryptoflow.e2e.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoflow.common.Timeframe;
import io.cryptoflow.simulator.ExchangeSimulator;
import io.cryptoflow.simulator.ManualClock;
import io.cryptoflow.simulator.market.TradeTape;
import io.cryptoflow.simulator.market.Venue;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The footprint comparison ExchangeFaultsIT relies on notices one trade missing or counted twice. */
class TapeFootprintIT {

    private static final long OPEN = Timeframe.M15.openTimeOf(1_795_740_000_000L);

    @Test
    void aRowHoldingExactlyTheTapesTradesHasNoDifferenceAndOneTradeLessOrTwiceHasSome() throws Exception {
        try (ExchangeSimulator sim = ExchangeSimulator.builder().symbols("BTCUSDT")
                .clock(ManualClock.at("2026-11-27T00:00:00Z")).build()) {
            TradeTape tape = sim.tape(Venue.BINANCE_FUTURES, "BTCUSDT").orElseThrow();
            long lastId = tape.firstAggIdOf(OPEN / 60_000 + 15) - 1; // the candle's last trade
            TapeFootprint whole = TapeFootprint.of(tape, Timeframe.M15, OPEN, lastId, BigDecimal.TEN);
            TapeFootprint oneLess = TapeFootprint.of(tape, Timeframe.M15, OPEN, lastId - 1, BigDecimal.TEN);
            assertThat(whole.aggTrades()).isEqualTo(oneLess.aggTrades() + 1).isGreaterThan(10);

            assertThat(whole.differences(rowOf(whole, whole.levels()))).isEmpty();
            assertThat(whole.differences(rowOf(oneLess, oneLess.levels()))).isNotEmpty();
            // totals right but one level's trade booked twice and another's missing: levels catch it
            assertThat(whole.differences(rowOf(whole, shifted(whole.levels())))).isNotEmpty()
                    .allMatch(d -> d.contains("level"));
            assertThat(whole.differences(null)).singleElement().asString().contains("not stored");
        }
    }

    private static CandleRows.Row rowOf(TapeFootprint f, Map<BigDecimal, BigDecimal[]> levels) {
        StringBuilder json = new StringBuilder("{");
        levels.forEach((level, bs) -> json.append(json.length() > 1 ? "," : "").append('"').append(level.toPlainString())
                .append("\":{\"buy\":").append(bs[0].toPlainString()).append(",\"sell\":").append(bs[1].toPlainString())
                .append('}'));
        double volume = f.volume().doubleValue();
        double buy = f.buy().doubleValue();
        return new CandleRows.Row(f.time(), 1, 1, 1, 1, volume, buy, volume - buy, buy - (volume - buy), f.rawTrades(),
                json.append('}').toString(), true, 1);
    }

    /** Moves 0.001 of buy volume from the lowest level to the highest. */
    private static Map<BigDecimal, BigDecimal[]> shifted(Map<BigDecimal, BigDecimal[]> levels) {
        java.util.TreeMap<BigDecimal, BigDecimal[]> copy = new java.util.TreeMap<>();
        levels.forEach((k, v) -> copy.put(k, v.clone()));
        BigDecimal step = new BigDecimal("0.001");
        copy.firstEntry().getValue()[0] = copy.firstEntry().getValue()[0].subtract(step);
        copy.lastEntry().getValue()[0] = copy.lastEntry().getValue()[0].add(step);
        return copy;
    }
}
