package io.cryptoflow.bench.scenarios;

import com.codahale.metrics.MetricRegistry;
import io.cryptoflow.bench.BenchContext;
import io.cryptoflow.bench.load.Latencies;
import io.cryptoflow.bench.report.Fmt;
import io.cryptoflow.bench.report.ResultTable;
import io.cryptoflow.collector.aggregation.TradeAggregator;
import io.cryptoflow.collector.exchange.Prices;
import io.cryptoflow.collector.exchange.Trade;
import io.cryptoflow.collector.aggregation.OrderFlowMetrics;
import io.cryptoflow.collector.store.WriteMode;
import io.cryptoflow.common.MarketSymbol;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trades per second through the collector's {@link TradeAggregator} into all four timeframes, on
 * one thread, draining closed candles every 100 000 trades as the flusher would. Trades are
 * generated up front (a BTC-like random walk, 0-40 ms apart) so only aggregation is timed.
 */
public final class AggregationScenario implements Scenario {

    private static final int WARMUP_PASSES = 3;
    private static final int MEASURED_PASSES = 5;
    private static final int DRAIN_EVERY = 100_000;

    @Override
    public String name() {
        return "aggregation";
    }

    @Override
    public List<ResultTable> run(BenchContext context) {
        int n = context.options().trades();
        Trade[] trades = generate(n, 7);
        context.progress("aggregation: %d trades generated; %d warm-up passes", n, WARMUP_PASSES);
        long sink = 0;
        for (int i = 0; i < WARMUP_PASSES; i++) {
            sink += pass(trades).candles;
        }
        Latencies perSecond = new Latencies();
        long candles = 0;
        for (int i = 0; i < MEASURED_PASSES; i++) {
            Pass p = pass(trades);
            candles = p.candles;
            perSecond.add(Math.round(n / (p.nanos / 1e9)));
            context.progress("aggregation: pass %d: %.0f trades/s", i + 1, n / (p.nanos / 1e9));
        }
        ResultTable t = new ResultTable("Trade aggregation (one thread, four timeframes)",
                "trades/pass", "passes", "median trades/s", "min trades/s", "max trades/s", "target", "median ÷ target",
                "candles drained/pass");
        double median = perSecond.percentile(50);
        t.row(n, MEASURED_PASSES, median, perSecond.percentile(0), perSecond.max(), 200_000.0,
                Fmt.ratio(median / 200_000.0), candles);
        t.note("TradeAggregator(BINANCE:BTCUSDT, FOOTPRINT, tick 10): accept() per trade, drain() every "
                + DRAIN_EVERY + " trades and at the end; " + WARMUP_PASSES + " warm-up passes not counted (checksum " + (sink % 10) + ")");
        return List.of(t);
    }

    private record Pass(long nanos, long candles) {
    }

    private static Pass pass(Trade[] trades) {
        TradeAggregator aggregator = new TradeAggregator(MarketSymbol.of("BINANCE", "BTCUSDT"), WriteMode.FOOTPRINT,
                10 * Prices.ONE, new OrderFlowMetrics(new MetricRegistry()));
        long candles = 0;
        long start = System.nanoTime();
        for (int i = 0; i < trades.length; i++) {
            aggregator.accept(trades[i]);
            if ((i + 1) % DRAIN_EVERY == 0) {
                candles += count(aggregator.drain());
            }
        }
        aggregator.closeAll();
        candles += count(aggregator.drain());
        return new Pass(System.nanoTime() - start, candles);
    }

    private static long count(TradeAggregator.Flush flush) {
        return flush.batches().stream().mapToLong(b -> b.candles().size()).sum();
    }

    static Trade[] generate(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Trade[] trades = new Trade[n];
        long price = 60_000 * Prices.ONE;
        long step = Prices.ONE / 10;
        long time = 1_735_689_600_000L; // 2025-01-01T00:00Z
        for (int i = 0; i < n; i++) {
            price += (random.nextInt(7) - 3) * step;
            time += random.nextInt(41);
            double qty = 0.001 * (1 + random.nextInt(2000));
            trades[i] = new Trade(i + 1, price, qty, random.nextBoolean(), time);
        }
        return trades;
    }
}
