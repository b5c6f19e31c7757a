package io.cryptoflow.simulator.market;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** The true order book: a deterministic, never crossed function of time that changes a few levels per step. */
class OrderBookModelTest {

    private static final long START = 1_764_892_800_000L;

    private static OrderBookModel model(long seed) {
        return new OrderBookModel(new TradeTape(seed, Venue.BINANCE_FUTURES, SymbolSpec.defaultFor("BTCUSDT"),
                START - 86_400_000L, START, 60, 60));
    }

    @Test
    void theBookIsAPureFunctionOfTimeOnTheLevelGridAndNeverCrossed() {
        OrderBookModel m = model(42);
        long spacing = m.levelSpacingUnits();
        assertThat(spacing).isEqualTo(50); // 1 bp of 60 000 = 6.0 → 5.0 on the 1-2-5 grid, price units of 0.1
        int changedSteps = 0;
        for (long t = START; t < START + 60_000; t += OrderBookModel.STEP_MS) {
            OrderBook b = m.bookAt(t);
            assertThat(b).usingRecursiveComparison().isEqualTo(model(42).bookAt(t + 99));
            assertThat(b.bidUnits().firstKey()).isLessThan(b.askUnits().firstKey());
            assertThat(b.bidUnits().size()).isBetween(60, OrderBookModel.LEVELS_PER_SIDE);
            assertThat(b.bidUnits().keySet()).allMatch(p -> p % spacing == 0);
            assertThat(b.askUnits().values()).allMatch(q -> q > 0);
            if (!b.changesSince(m.bookAt(t - OrderBookModel.STEP_MS)).isEmpty()) {
                changedSteps++;
            }
        }
        assertThat(changedSteps).isEqualTo(600);
        assertThat(model(43).bookAt(START)).isNotEqualTo(model(42).bookAt(START));
    }

    @Test
    void binningSumsTheSizesOfEachBinFromItsFlooredStart() {
        OrderBook b = model(42).bookAt(START);
        OrderBook.BinnedBook bins = b.binned(new BigDecimal("25"));
        assertThat(bins.bids().values().stream().reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualByComparingTo(b.bids().values().stream().reduce(BigDecimal.ZERO, BigDecimal::add));
        assertThat(bins.asks().keySet()).allMatch(k -> k.remainder(new BigDecimal("25")).signum() == 0);
        BigDecimal bestAsk = b.asks().firstKey();
        BigDecimal firstBin = bins.asks().firstKey();
        assertThat(firstBin).isLessThanOrEqualTo(bestAsk);
        assertThat(bestAsk.subtract(firstBin)).isLessThan(new BigDecimal("25"));
        assertThat(b.top(10).bids()).hasSize(10);
        assertThat(b.top(10).bids().firstKey()).isEqualTo(b.bids().firstKey());
    }
}
