package io.cryptoflow.bench.scenarios;

import io.cryptoflow.bench.BenchContext;
import io.cryptoflow.bench.db.CollectorTradeWatch;
import io.cryptoflow.bench.process.Stack;
import io.cryptoflow.bench.report.Fmt;
import io.cryptoflow.bench.report.ResultTable;
import io.cryptoflow.simulator.ExchangeSimulator;
import io.cryptoflow.simulator.market.TradeBursts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Issue 21's "must show" rows in one run, each with its ratio to the target: the real collector jar
 * storing raw trades from a simulator bursting at ≥ 50,000 trades/s with every other stream on
 * (klines of all timeframes, footprints, liquidations, open interest / funding polling, archive
 * import), the real replicator's lag at that rate, RSS of both while they do; then
 * ({@link TradeStreamPhase}) the real API streaming a day of one market's trades as CSV, and
 * ({@link TradeStorageTable}) bytes per market-day of what the new streams store.
 */
public final class TradesScenario implements Scenario {

    static final double TARGET_TRADES_PER_SECOND = 50_000;
    /** Trade streams the default collector config subscribes: 4 + 4 Binance, 3 + 3 Bybit, 3 Bitget. */
    static final int TAPES_STREAMED = 17;
    /** Every minute, seconds 20-40 burst (TradeBursts puts the window in the middle of the minute). */
    static final int BURST_SECONDS = 20;
    static final int BURST_PER_TAPE = 3_300;

    @Override
    public String name() {
        return "trades";
    }

    @Override
    public List<ResultTable> run(BenchContext context) throws Exception {
        Duration measured = LiveWriters.measuredSpan(context);
        Path dir = context.scratch("trades");
        List<ResultTable> tables = new ArrayList<>();
        ResultTable targets = LiveWriters.targetsTable("Raw trades at burst rate: issue 21 targets");
        tables.add(targets);
        TradeBursts bursts = new TradeBursts(BURST_PER_TAPE, BURST_SECONDS, 1);
        Path collectorDb;
        try (ExchangeSimulator sim = ExchangeSimulator.builder().enforceRateLimits(false).tradeBursts(bursts).start();
             Stack stack = new Stack(context.repoRoot(), dir.resolve("data"), dir.resolve("logs"), sim.baseUrl())) {
            // a short history: the backfill is not what is measured, and must be over before the bursts are
            LiveWriters.Measured m = LiveWriters.run(context, stack, Map.of("CRYPTOFLOW_HISTORY_DAYS", "2", "MALLOC_ARENA_MAX", "2"), List.of(),
                    measured, "bursts (" + BURST_PER_TAPE + " trades/s for " + BURST_SECONDS + " s of every minute on"
                    + " each of " + TAPES_STREAMED + " streamed tapes)");
            collectorDb = m.collectorDb();
            double peak = peakRate(m.samples(), 5);
            double mean = meanRate(m.samples());
            targets.row("collector: raw trades stored per second (best 5 s, during a burst)", Fmt.num(peak, 0),
                    ">= 50,000", Fmt.ratio(peak / TARGET_TRADES_PER_SECOND), met(peak >= TARGET_TRADES_PER_SECOND));
            m.addTargetRows(targets, "during the bursts");
            targets.note("collector: the real collector jar as bin/cryptoflow starts it (" + CompareScenario.LAUNCHER_JVM
                    + ", nice " + CompareScenario.LAUNCHER_NICE + ", MALLOC_ARENA_MAX=2) at its default config.yml (5 markets, 17 trade streams,"
                    + " klines 1m-1d, footprints, liquidations, open interest/funding polling, archive import) with"
                    + " CRYPTOFLOW_HISTORY_DAYS=2, against the in-process simulator without rate limits, bursting "
                    + BURST_PER_TAPE + " aggTrades/s on each tape for " + BURST_SECONDS + " s of every minute ("
                    + BURST_PER_TAPE * TAPES_STREAMED + " trades/s offered over the WebSockets); backfill "
                    + (m.backfilled() ? "complete" : "NOT complete after " + LiveWriters.BACKFILL_WAIT.toMinutes() + " min")
                    + " before the measurement");
            targets.note("stored: sum of max(seq) over collector.db's raw-trade partitions, read every 250 ms from"
                    + " outside; mean over the " + measured.toSeconds() + " s incl. the quiet seconds: "
                    + Fmt.num(mean, 0) + " trades/s; " + m.details());
            targets.note(LiveWriters.LAG_METHOD);
            stack.stop("collector");
            stack.stop("replicator");
            tables.addAll(new TradeStreamPhase().run(context, targets, stack.dataDir().resolve("api.db"), dir));
        }
        tables.add(TradeStorageTable.measure(collectorDb, dir, Math.min(TradeStreamPhase.MAX_DAY_TRADES,
                context.options().trades())));
        return tables;
    }

    /** The best rate over {@code seconds}-long spans between samples (trades/s). */
    static double peakRate(List<CollectorTradeWatch.Sample> samples, int seconds) {
        double best = 0;
        int j = 0;
        for (int i = 0; i < samples.size(); i++) {
            while (j < i && samples.get(i).nanos() - samples.get(j + 1).nanos() >= seconds * 1_000_000_000L) {
                j++;
            }
            long span = samples.get(i).nanos() - samples.get(j).nanos();
            if (span >= seconds * 1_000_000_000L) {
                best = Math.max(best, (samples.get(i).trades() - samples.get(j).trades()) * 1e9 / span);
            }
        }
        return best;
    }

    static double meanRate(List<CollectorTradeWatch.Sample> samples) {
        if (samples.size() < 2) {
            return 0;
        }
        CollectorTradeWatch.Sample first = samples.get(0);
        CollectorTradeWatch.Sample last = samples.get(samples.size() - 1);
        return (last.trades() - first.trades()) * 1e9 / Math.max(1, last.nanos() - first.nanos());
    }

    static String met(boolean ok) {
        return LiveWriters.met(ok);
    }
}
