package io.cryptoflow.bench.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import io.cryptoflow.bench.BenchContext;
import io.cryptoflow.bench.db.CollectorTradeWatch;
import io.cryptoflow.bench.db.ReplicaObserver;
import io.cryptoflow.bench.load.Latencies;
import io.cryptoflow.bench.load.RssSampler;
import io.cryptoflow.bench.process.CpuShares;
import io.cryptoflow.bench.process.ServiceProcess;
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
    static final double TARGET_LAG_P99_MS = 50;
    static final double TARGET_RSS_MB = 256;
    /** Trade streams the default collector config subscribes: 4 + 4 Binance, 3 + 3 Bybit, 3 Bitget. */
    static final int TAPES_STREAMED = 17;
    /** Every minute, seconds 20-40 burst (TradeBursts puts the window in the middle of the minute). */
    static final int BURST_SECONDS = 20;
    static final int BURST_PER_TAPE = 3_300;
    private static final Duration BACKFILL_WAIT = Duration.ofMinutes(4);

    @Override
    public String name() {
        return "trades";
    }

    @Override
    public List<ResultTable> run(BenchContext context) throws Exception {
        Duration measured = Duration.ofSeconds(Math.max(30, context.options().loadDuration().toSeconds()));
        Path dir = context.scratch("trades");
        ResultTable targets = new ResultTable("Raw trades at burst rate: issue 21 targets",
                "what", "measured", "target", "measured ÷ target", "met");
        List<ResultTable> tables = new ArrayList<>();
        tables.add(targets);
        TradeBursts bursts = new TradeBursts(BURST_PER_TAPE, BURST_SECONDS, 1);
        Path collectorDb;
        try (ExchangeSimulator sim = ExchangeSimulator.builder().enforceRateLimits(false).tradeBursts(bursts).start();
             Stack stack = new Stack(context.repoRoot(), dir.resolve("data"), dir.resolve("logs"), sim.baseUrl())) {
            // a short history: the backfill is not what is measured, and must be over before the bursts are;
            // two malloc arenas as bin/cryptoflow starts the collector
            Map<String, String> env = Map.of("CRYPTOFLOW_HISTORY_DAYS", "2", "MALLOC_ARENA_MAX", "2");
            // as a user's bin/cryptoflow starts them: its heaps, GC and CPU priorities
            CompareScenario.LAUNCHER_JVM.forEach(stack::jvmArgs);
            CompareScenario.LAUNCHER_NICE.forEach(stack::niceness);
            ServiceProcess collector = stack.startCollector(env);
            ServiceProcess replicator = stack.startReplicator(Map.of());
            collectorDb = stack.dataDir().resolve("collector.db");
            boolean backfilled = awaitBackfill(context, stack);
            try (RssSampler rss = new RssSampler();
                 CollectorTradeWatch watch = new CollectorTradeWatch(collectorDb)) {
                rss.watch("collector", () -> List.of(collector.pid()));
                rss.watch("replicator", () -> List.of(replicator.pid()));
                while (watch.newestRev() < 0) {
                    Thread.sleep(10);
                }
                ReplicaObserver observer = new ReplicaObserver(stack.dataDir().resolve("api.db"), watch.newestRev(),
                        watch::committedAtNanos);
                observer.awaitFirstRead();
                CpuShares cpu = new CpuShares().watch("collector", () -> List.of(collector.pid()))
                        .watch("replicator", () -> List.of(replicator.pid()))
                        .watch("bench (simulator + pollers)", () -> List.of(ProcessHandle.current().pid()));
                cpu.mark();
                context.progress("trades: measuring %d s of bursts (%d trades/s for %d s of every minute on each of %d"
                        + " streamed tapes)", measured.toSeconds(), BURST_PER_TAPE, BURST_SECONDS, TAPES_STREAMED);
                Thread.sleep(measured.toMillis());
                String cpuShares = cpu.sinceMark();
                observer.close();
                List<CollectorTradeWatch.Sample> samples = watch.samples();
                double peak = peakRate(samples, 5);
                double mean = meanRate(samples);
                targets.row("collector: raw trades stored per second (best 5 s, during a burst)", Fmt.num(peak, 0),
                        ">= 50,000", Fmt.ratio(peak / TARGET_TRADES_PER_SECOND), met(peak >= TARGET_TRADES_PER_SECOND));
                Latencies lag = observer.lagMicros();
                JsonNode own = stack.getJson("http://127.0.0.1:" + stack.replicatorPort + "/admin/metrics");
                JsonNode collectorMetrics = stack.getJson("http://127.0.0.1:" + stack.collectorPort + "/admin/metrics");
                String heap = collectorMetrics == null ? "n/a" : Fmt.mb(collectorMetrics.path("gauges")
                        .path("jvm.memory.heap.used").path("value").asLong()) + " used of " + Fmt.mb(collectorMetrics
                        .path("gauges").path("jvm.memory.heap.committed").path("value").asLong()) + " committed";
                JsonNode ownLag = own == null ? null : own.path("histograms").path("cryptoflow.replicator.lag.ms");
                double p99 = lag.percentile(99) / 1000.0;
                targets.row("replicator: lag p99 ms (collector.db commit → api.db, " + lag.count() + " revisions)",
                        Fmt.num(p99, 1), "<= 50", Fmt.ratio(p99 / TARGET_LAG_P99_MS), met(p99 <= TARGET_LAG_P99_MS));
                for (String service : List.of("collector", "replicator")) {
                    double mb = rss.peakKb().getOrDefault(service, -1L) / 1024.0;
                    targets.row(service + ": peak RSS MB during the bursts", Fmt.num(mb, 0), "<= 256",
                            Fmt.ratio(mb / TARGET_RSS_MB), met(mb <= TARGET_RSS_MB));
                }
                targets.note("collector: the real collector jar as bin/cryptoflow starts it (" + CompareScenario.LAUNCHER_JVM
                        + ", nice " + CompareScenario.LAUNCHER_NICE + ", MALLOC_ARENA_MAX=2 for the collector and the API)"
                        + " at its default config.yml (5 markets, 17 trade streams,"
                        + " klines 1m-1d, footprints, liquidations, open interest/funding polling, archive import) with"
                        + " CRYPTOFLOW_HISTORY_DAYS=2, against the in-process simulator without rate limits, bursting "
                        + BURST_PER_TAPE + " aggTrades/s on each tape for " + BURST_SECONDS + " s of every minute ("
                        + BURST_PER_TAPE * TAPES_STREAMED + " trades/s offered over the WebSockets); backfill "
                        + (backfilled ? "complete" : "NOT complete after " + BACKFILL_WAIT.toMinutes() + " min")
                        + " before the measurement");
                targets.note("stored: sum of max(seq) over collector.db's raw-trade partitions, read every 250 ms from"
                        + " outside; mean over the " + measured.toSeconds() + " s incl. the quiet seconds: "
                        + Fmt.num(mean, 0) + " trades/s; lag p50 " + Fmt.num(lag.percentile(50) / 1000.0, 1)
                        + " ms, max " + Fmt.num(lag.max() / 1000.0, 1) + " ms; the replicator's own"
                        + " cryptoflow.replicator.lag.ms since its start: "
                        + (ownLag == null ? "n/a" : "p50 " + ownLag.path("p50").asText() + ", p99 " + ownLag.path("p99").asText()
                        + ", max " + ownLag.path("max").asText()) + "; collector heap at the end: " + heap
                        + "; CPU over the measured seconds, share of one core: " + cpuShares + " (machine: "
                        + Runtime.getRuntime().availableProcessors() + " cores)");
                targets.note("lag: first time a cf_state.rev is visible in collector.db (polled every 1 ms) → first time"
                        + " api.db's cf_replica.source_rev covers it (polled every 1 ms); RSS: VmRSS of each child"
                        + " process, sampled every 500 ms");
            }
            stack.stop("collector");
            stack.stop("replicator");
            tables.addAll(new TradeStreamPhase().run(context, targets, stack.dataDir().resolve("api.db"), dir));
        }
        tables.add(TradeStorageTable.measure(collectorDb, dir, Math.min(TradeStreamPhase.MAX_DAY_TRADES,
                context.options().trades())));
        return tables;
    }

    private static boolean awaitBackfill(BenchContext context, Stack stack) throws InterruptedException {
        long deadline = System.nanoTime() + BACKFILL_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (stack.backfillComplete()) {
                return true;
            }
            Thread.sleep(2000);
        }
        context.progress("trades: backfill not complete after %d min (%s); measuring anyway", BACKFILL_WAIT.toMinutes(),
                stack.backfillSummary(0));
        return false;
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
        return ok ? "yes" : "NO";
    }
}
