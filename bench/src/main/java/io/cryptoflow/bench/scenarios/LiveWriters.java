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
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The live half of the trades and depth scenarios: the real collector and replicator jars started
 * as bin/cryptoflow starts them (its heaps, GC and CPU priorities) against a simulator, the
 * backfill awaited, then measured from outside over a span: replication lag (first sight of each
 * {@code cf_state.rev} in collector.db → first sight of it in api.db's {@code cf_replica}), peak
 * RSS (VmRSS) and CPU shares of both, and the stored-trade samples of collector.db.
 */
final class LiveWriters {

    static final double TARGET_LAG_P99_MS = 50;
    static final double TARGET_RSS_MB = 256;
    static final Duration BACKFILL_WAIT = Duration.ofMinutes(6);
    static final String LAG_METHOD = "lag: first time a cf_state.rev is visible in collector.db (polled every 1 ms) →"
            + " first time api.db's cf_replica.source_rev covers it (polled every 1 ms); RSS: VmRSS of each child"
            + " process, sampled every 500 ms";

    /** What one measured span gave. */
    record Measured(Latencies lag, Map<String, Long> peakRssKb, String cpuShares,
                    List<CollectorTradeWatch.Sample> samples, boolean backfilled, String replicatorOwnLag,
                    String collectorHeap, Path collectorDb) {

        /** Lag p99 in ms. */
        double lagP99Ms() {
            return lag.percentile(99) / 1000.0;
        }

        /** The target rows of lag and of each writer's RSS. */
        void addTargetRows(ResultTable targets, String during) {
            double p99 = lagP99Ms();
            targets.row("replicator: lag p99 ms (collector.db commit → api.db, " + lag.count() + " revisions)",
                    Fmt.num(p99, 1), "<= 50", Fmt.ratio(p99 / TARGET_LAG_P99_MS), met(p99 <= TARGET_LAG_P99_MS));
            for (String service : List.of("collector", "replicator")) {
                double mb = peakRssKb.getOrDefault(service, -1L) / 1024.0;
                targets.row(service + ": peak RSS MB " + during, Fmt.num(mb, 0), "<= 256",
                        Fmt.ratio(mb / TARGET_RSS_MB), met(mb <= TARGET_RSS_MB));
            }
        }

        /** Lag p50/max, the replicator's own lag histogram, the collector's heap and the CPU shares. */
        String details() {
            return "lag p50 " + Fmt.num(lag.percentile(50) / 1000.0, 1) + " ms, max " + Fmt.num(lag.max() / 1000.0, 1)
                    + " ms; the replicator's own cryptoflow.replicator.lag.ms since its start: " + replicatorOwnLag
                    + "; collector heap at the end: " + collectorHeap + "; CPU over the measured seconds, share of one"
                    + " core: " + cpuShares + " (machine: " + Runtime.getRuntime().availableProcessors() + " cores)";
        }
    }

    private LiveWriters() {
    }

    /** The measured span: {@code --duration}, at least 30 s. */
    static Duration measuredSpan(BenchContext context) {
        return Duration.ofSeconds(Math.max(30, context.options().loadDuration().toSeconds()));
    }

    /** A scenario's table of targets: one row per target with its ratio and whether it is met. */
    static ResultTable targetsTable(String title) {
        return new ResultTable(title, "what", "measured", "target", "measured ÷ target", "met");
    }

    /**
     * Starts the collector ({@code collectorEnv}, {@code collectorJvm} after the launcher's flags) and the
     * replicator on {@code stack}, waits for the backfill (at most {@link #BACKFILL_WAIT}), then measures
     * {@code measured}; both stay running.
     */
    static Measured run(BenchContext context, Stack stack, Map<String, String> collectorEnv, List<String> collectorJvm,
                        Duration measured, String what) throws Exception {
        CompareScenario.LAUNCHER_JVM.forEach(stack::jvmArgs);
        List<String> jvm = new ArrayList<>(CompareScenario.LAUNCHER_JVM.get("collector"));
        jvm.addAll(collectorJvm);
        stack.jvmArgs("collector", jvm);
        CompareScenario.LAUNCHER_NICE.forEach(stack::niceness);
        ServiceProcess collector = stack.startCollector(collectorEnv);
        ServiceProcess replicator = stack.startReplicator(Map.of());
        Path collectorDb = stack.dataDir().resolve("collector.db");
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
            context.progress("measuring %d s of %s", measured.toSeconds(), what);
            Thread.sleep(measured.toMillis());
            String cpuShares = cpu.sinceMark();
            observer.close();
            return new Measured(observer.lagMicros(), rss.peakKb(), cpuShares, watch.samples(), backfilled,
                    replicatorOwnLag(stack), collectorHeap(stack), collectorDb);
        }
    }

    private static String replicatorOwnLag(Stack stack) {
        JsonNode own = stack.getJson("http://127.0.0.1:" + stack.replicatorPort + "/admin/metrics");
        if (own == null) {
            return "n/a";
        }
        JsonNode h = own.path("histograms").path("cryptoflow.replicator.lag.ms");
        return "p50 " + h.path("p50").asText() + ", p99 " + h.path("p99").asText() + ", max " + h.path("max").asText();
    }

    private static String collectorHeap(Stack stack) {
        JsonNode m = stack.getJson("http://127.0.0.1:" + stack.collectorPort + "/admin/metrics");
        if (m == null) {
            return "n/a";
        }
        JsonNode g = m.path("gauges");
        return Fmt.mb(g.path("jvm.memory.heap.used").path("value").asLong()) + " used of "
                + Fmt.mb(g.path("jvm.memory.heap.committed").path("value").asLong()) + " committed";
    }

    private static boolean awaitBackfill(BenchContext context, Stack stack) throws InterruptedException {
        long deadline = System.nanoTime() + BACKFILL_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            // the backfill done and every tape live: a tape still catching up stores its live
            // trades only once REST has closed the gap before them, so it would not be measured
            if (stack.backfillComplete() && stack.collectorGauge("cryptoflow.collector.trades.tapes-catching-up") == 0) {
                return true;
            }
            Thread.sleep(2000);
        }
        context.progress("backfill not complete or tapes still catching up after %d min (%s; %d tapes catching up);"
                + " measuring anyway", BACKFILL_WAIT.toMinutes(), stack.backfillSummary(0),
                stack.collectorGauge("cryptoflow.collector.trades.tapes-catching-up"));
        return false;
    }

    static String met(boolean ok) {
        return ok ? "yes" : "NO";
    }
}
