package io.cryptoflow.collector.aggregation;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import io.cryptoflow.collector.exchange.Prices;
import io.cryptoflow.collector.exchange.Trade;
import io.cryptoflow.collector.aggregation.OrderFlowMetrics;
import io.cryptoflow.collector.sources.trades.TradeSequencer;
import io.cryptoflow.collector.store.CandleBatch;
import io.cryptoflow.collector.store.WriteMode;
import io.cryptoflow.collector.testing.RecordingSink;
import io.cryptoflow.common.Candle;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.Timeframe;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KlineCrossCheckTest {

    private static final MarketSymbol SOL = MarketSymbol.of("BYBIT", "SOLUSDT");
    private static final long T0 = 1_767_225_600_000L;

    private final MetricRegistry registry = new MetricRegistry();
    private final OrderFlowMetrics metrics = new OrderFlowMetrics(registry);
    private final TradeAggregator agg = new TradeAggregator(SOL, WriteMode.FOOTPRINT_WITH_TAKER, Prices.parse("0.1"), metrics);
    private final RecordingSink writer = new RecordingSink();
    private final KlineCrossCheckSink sink = new KlineCrossCheckSink(writer,
            new KlineCrossCheck(Map.of(SOL, agg), 1e-6, metrics));

    private static Candle kline(long time, double volume, boolean closed) {
        return new Candle(time, 1, 1, 1, 1, volume, 0, 0, 0, 0, null, closed);
    }

    private long mismatches() {
        return registry.counter("cryptoflow.collector.klines.mismatch").getCount();
    }

    @Test
    void closedKlinesDisagreeingWithTheTradesAreCountedOnceAndWrittenUnchanged() {
        agg.accept(new Trade(1, Prices.parse("150"), 1.25, true, T0 + 1));
        agg.accept(new Trade(2, Prices.parse("150.1"), 0.75, false, T0 + 2));
        agg.accept(new Trade(3, Prices.parse("151"), 1, true, T0 + 15 * 60_000L)); // closes the first 15m candle

        CandleBatch good = new CandleBatch(SOL, Timeframe.M15, List.of(kline(T0, 2.0, true)), WriteMode.KLINE_NO_TAKER);
        CandleBatch bad = new CandleBatch(SOL, Timeframe.M15, List.of(kline(T0, 2.5, true)), WriteMode.KLINE_NO_TAKER);
        sink.submit(good);
        assertThat(mismatches()).isZero();

        KlineCrossCheck fresh = new KlineCrossCheck(Map.of(SOL, agg), 1e-6, metrics);
        KlineCrossCheckSink second = new KlineCrossCheckSink(writer, fresh);
        second.submit(bad);
        second.submit(bad); // the sync re-fetches the newest candles every pass
        assertThat(mismatches()).isEqualTo(1);
        assertThat(writer.batches).containsExactly(good, bad, bad);
    }

    @Test
    void formingKlinesCandlesWithoutFullTradeCoverageAndFootprintBatchesAreNotJudged() {
        TradeSequencer seq = new TradeSequencer(SOL, false, agg, metrics, 10);
        seq.onLive(new Trade(1, Prices.parse("150"), 1, true, T0 + 5 * 60_000L)); // started mid-candle
        seq.onLive(new Trade(2, Prices.parse("150"), 1, true, T0 + 15 * 60_000L));
        seq.onLive(new Trade(3, Prices.parse("150"), 1, true, T0 + 30 * 60_000L));

        sink.submit(new CandleBatch(SOL, Timeframe.M15, List.of(kline(T0, 99, true)), WriteMode.KLINE_NO_TAKER));
        sink.submit(new CandleBatch(SOL, Timeframe.M15, List.of(kline(T0 + 30 * 60_000L, 99, false)), WriteMode.KLINE_NO_TAKER));
        sink.submit(new CandleBatch(SOL, Timeframe.M15, List.of(kline(T0 + 15 * 60_000L, 99, true)), WriteMode.FOOTPRINT_WITH_TAKER));
        assertThat(mismatches()).isZero();

        sink.submit(new CandleBatch(SOL, Timeframe.M15, List.of(kline(T0 + 15 * 60_000L, 99, true)), WriteMode.KLINE_NO_TAKER));
        assertThat(mismatches()).isEqualTo(1);
    }
}
