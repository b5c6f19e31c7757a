package io.cryptoflow.bench.scenarios;

import io.cryptoflow.bench.BenchContext;
import io.cryptoflow.bench.db.LiveTrickle;
import io.cryptoflow.bench.db.SyntheticCollectorDb;
import io.cryptoflow.bench.load.HttpLoad;
import io.cryptoflow.bench.load.LoadTotals;
import io.cryptoflow.bench.load.RssSampler;
import io.cryptoflow.bench.process.CpuShares;
import io.cryptoflow.bench.process.FreePort;
import io.cryptoflow.bench.process.OriginalTool;
import io.cryptoflow.bench.process.ServiceProcess;
import io.cryptoflow.bench.process.Stack;
import io.cryptoflow.bench.report.Fmt;
import io.cryptoflow.bench.report.MachineInfo;
import io.cryptoflow.bench.report.ResultTable;
import io.cryptoflow.common.Timeframe;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * {@code bench/run compare}: the original Node tool (shared/original/run.sh) and CryptoFlow side
 * by side against one simulator, same history window, same requests, 16 connections, during both
 * backfills and idle; then the 1-connection latency, the nginx cache tier and RSS per service.
 * Each tool is loaded during its own backfill (the other idle), after CryptoFlow's API was warmed
 * up; idle rounds of 2 s then alternate between servers so each gets the same share of a noisy
 * machine.
 */
public final class CompareScenario implements Scenario {

    static final int CONNECTIONS = 16;
    private static final int DAYS = 120;
    static final Duration ROUND = Duration.ofSeconds(2);
    /** Load before the measured rounds; on 2 cores the API's JIT needs about this long to settle. */
    static final Duration WARM_UP = Duration.ofSeconds(40);
    static final String PAGE = "/api/candles?symbol=btcusdt&exchange=binance&tf=15&limit=1000";
    private static final String CLUSTER_SYMBOL = "BINANCE:XRPUSDT";
    /** A market no request reads, whose forming candle the warm-up's live trickle rewrites every 50 ms. */
    private static final String WARM_UP_BUSY_SYMBOL = "BINANCE:LTCUSDT";
    static final int CLUSTER_LEVELS = 30;
    static final String CLUSTER_PAGE = "/api/candles?symbol=xrpusdt&exchange=binance&tf=15&limit=1000";
    /** bin/cryptoflow's defaults (CRYPTOFLOW_JAVA_OPTS, the per-service options and heap). */
    static final Map<String, List<String>> LAUNCHER_JVM = Map.of(
            "collector", List.of("-Xms32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx112m"),
            "replicator", List.of("-Xms32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx256m"),
            "api", List.of("-XX:+UseG1GC", "-XX:MaxGCPauseMillis=10", "-XX:InitiatingHeapOccupancyPercent=75",
                    "-XX:-G1UseAdaptiveIHOP", "-XX:-TieredCompilation", "-XX:CICompilerCount=1",
                    "-XX:CompileThreshold=1500", "-XX:TrimNativeHeapInterval=1000",
                    "-XX:+UnlockDiagnosticVMOptions", "-XX:GCLockerRetryAllocationCount=32", "-Xms96m", "-Xmx96m"));
    /** bin/cryptoflow's environment for the API: one malloc arena (docs/benchmarks.md "API RSS accounting"). */
    static final Map<String, String> LAUNCHER_API_ENV = Map.of("MALLOC_ARENA_MAX", "1");
    /**
     * What both tools collect in this comparison: the original stores klines of 15m, 1h, 4h and 1d and
     * nothing else, so CryptoFlow's collector runs its default config.yml with the same timeframes
     * (1m/5m/30m would make its backfill several times the original's work: 120 days of 1m are 172,800
     * candles per market), no order books and no open interest or funding (order flow is off through
     * CRYPTOFLOW_ORDERFLOW). Dropwizard's {@code -Ddw.} overrides, so the config file stays the shipped one.
     */
    static final List<String> ORIGINAL_SCOPE = originalScope();
    /** bin/cryptoflow's CPU priorities: the collector yields the cores to the API's readers; the replicator runs beside them. */
    static final Map<String, Integer> LAUNCHER_NICE = Map.of("collector", 10, "replicator", 0);

    static final List<String> GZIP = List.of("Accept-Encoding", "gzip");
    private static final String YIELDED_MILLIS = "cryptoflow.collector.backfill.yielded-ms";

    /** The fixed-rate row's rate, as a multiple of the original's closed-loop rate during its backfill. */
    private static final int FIXED_RATE_TIMES_ORIGINAL = 10;
    /** ... and without the original: about what that multiple came to on this machine kind (~190 req/s). */
    private static final double FIXED_RATE_WITHOUT_ORIGINAL = 2000;

    private static List<String> originalScope() {
        List<String> flags = new ArrayList<>();
        for (String type : List.of("binance-futures", "binance-spot", "bybit-linear", "bybit-spot", "bitget-futures")) {
            flags.add("-Ddw.exchanges." + type + ".klines.timeframes=15m,1h,4h,1d");
        }
        for (String type : List.of("binance-futures", "bybit-linear", "bitget-futures")) {
            flags.add("-Ddw.exchanges." + type + ".derivatives.enabled=false");
        }
        flags.add("-Ddw.depth.enabled=false");
        return List.copyOf(flags);
    }

    /** bin/cryptoflow's JVM flags for each service, the collector's with {@link #ORIGINAL_SCOPE}. */
    static void launcherJvm(Stack stack) {
        LAUNCHER_JVM.forEach((module, flags) -> {
            List<String> all = new ArrayList<>(flags);
            if (module.equals("collector")) {
                all.addAll(ORIGINAL_SCOPE);
            }
            stack.jvmArgs(module, all);
        });
        LAUNCHER_NICE.forEach(stack::niceness);
    }

    @Override
    public String name() {
        return "compare";
    }

    @Override
    public List<ResultTable> run(BenchContext context) throws Exception {
        // wrk first, on a stack of its own started cold (issue 23); then the bench's own generator, below.
        List<ResultTable> wrk = new CompareWrkScenario(true).run(context);
        try {
            List<ResultTable> all = new ArrayList<>(wrk);
            all.addAll(generatorHalf(context));
            return all;
        } catch (Exception | AssertionError e) {
            // the wrk half's figures stand on their own: keep them when the second half fails
            ResultTable failed = new ResultTable("/api/candles with the bench's own load generator: failed", "error");
            failed.row(e.toString());
            List<ResultTable> all = new ArrayList<>(wrk);
            all.add(failed);
            return all;
        }
    }

    /** The rounds of the bench's own load generator (issue 11), after the wrk half. */
    private List<ResultTable> generatorHalf(BenchContext context) throws Exception {
        String loadBefore = MachineInfo.loadAverage();
        Path dir = context.scratch("compare");
        Path data = Files.createDirectories(dir.resolve("data"));
        long newestOpen = Timeframe.M15.openTimeOf(System.currentTimeMillis()) - 86_400_000L;
        SyntheticCollectorDb.build(data.resolve("collector.db"), List.of(CLUSTER_SYMBOL), Timeframe.M15, newestOpen,
                Long.MAX_VALUE, 2000, CLUSTER_LEVELS, b -> { });
        Optional<Path> script = OriginalTool.script(context.repoRoot());
        boolean withOriginal = script.isPresent() && OriginalTool.nodeAvailable();
        List<String> notes = new ArrayList<>();
        if (!withOriginal) {
            notes.add("the original tool was NOT measured: " + (script.isEmpty() ? "shared/original/run.sh not found"
                    : "node/npm not on the PATH") + "; CryptoFlow alone");
            context.progress("compare: %s", notes.get(0));
        }
        int simPort = FreePort.next();
        String simUrl = "http://127.0.0.1:" + simPort;
        try (ServiceProcess sim = ServiceProcess.startSimulator(context.repoRoot(), dir.resolve("logs"), simPort);
             Stack stack = new Stack(context.repoRoot(), data, dir.resolve("logs"), simUrl);
             RssSampler rss = new RssSampler()) {
            launcherJvm(stack);
            stack.startReplicator(Map.of());
            stack.startApi(LAUNCHER_API_ENV); // as bin/cryptoflow starts it
            stack.processes().forEach(p -> rss.watch(p.name(), () -> List.of(p.pid())));
            String ours = stack.apiUrl("");
            CompareHttp.awaitCandles(ours + CLUSTER_PAGE, Duration.ofMinutes(3));
            // The collector is not started yet: the bench is collector.db's one writer during the warm-up.
            try (LiveTrickle live = new LiveTrickle(data.resolve("collector.db"), Timeframe.M15, WARM_UP_BUSY_SYMBOL,
                    CLUSTER_SYMBOL, newestOpen, CLUSTER_LEVELS).start()) {
                ComparePhases.warmUp(context, ours);
            }
            BackfillWatch backfills = new BackfillWatch(stack, withOriginal);
            CpuShares cpu = new CpuShares().watch("bench", () -> List.of(ProcessHandle.current().pid()))
                    .watch("simulator", () -> List.of(sim.pid()))
                    .watch("original", backfills::originalPids);
            for (String service : List.of("api", "collector", "replicator")) {
                cpu.watch(service, () -> stack.processes().stream().filter(p -> p.name().equals(service))
                        .map(ServiceProcess::pid).toList());
            }
            OriginalTool original = withOriginal
                    ? OriginalTool.start(script.get(), simUrl, DAYS, Files.createDirectories(dir.resolve("logs"))
                            .resolve("original.log"))
                    : null;
            backfills.start(original);
            try {
                BooleanSupplier oursBackfilling = backfills.oursBackfilling();
                BooleanSupplier theirsBackfilling = backfills.theirsBackfilling();
                String theirs = original == null ? null : "http://127.0.0.1:" + original.port;
                List<CompareTarget> targets = CompareTarget.targets(ours, theirs);
                int rounds = (int) Math.max(1, context.options().loadDuration().toMillis() / ROUND.toMillis());
                HttpLoad load = new HttpLoad(CONNECTIONS);
                Map<CompareTarget, LoadTotals> busy = new LinkedHashMap<>();
                // Each tool is loaded during its own backfill while the other is idle: a user runs one
                // of them, and either tool's writer would otherwise slow the other's reads.
                if (original != null) {
                    CompareHttp.awaitCandles(theirs + PAGE, OriginalTool.startupTimeout());
                    rss.watch("original (node api + collector)",
                            () -> original.nodeProcesses().stream().map(ProcessHandle::pid).toList());
                    targets.stream().filter(t -> t.server().equals("original")).forEach(t -> notes.add(CompareHttp.probe(t)));
                    context.progress("compare: loaded rounds during the original's backfill");
                    // run.sh starts the original's API and collector together: no readers can be there first,
                    // so its first round of each kind gets the idle rounds' unmeasured second instead.
                    ComparePhases.backfillRounds(context, load, targets, "original", theirsBackfilling, rounds, ComparePhases.FIRST_ROUND_RAMP,
                            busy, cpu);
                    ComparePhases.awaitBackfills(context, () -> false, theirsBackfilling, Duration.ofMinutes(25));
                }
                // Readers are already reading when CryptoFlow's backfill begins: its collector starts under this
                // load (not counted), and the measured rounds follow it without a pause.
                AtomicBoolean readersFirst = new AtomicBoolean(true);
                Thread readers = ComparePhases.unmeasuredLoad(URI.create(ours + CLUSTER_PAGE + "&clusters=false"), readersFirst);
                long collectorStart = System.nanoTime();
                stack.startCollector(Map.of("CRYPTOFLOW_HISTORY_DAYS", Integer.toString(DAYS), "CRYPTOFLOW_ORDERFLOW", "false"));
                stack.processes().forEach(p -> rss.watch(p.name(), () -> List.of(p.pid())));
                CompareHttp.awaitCandles(ours + PAGE, Duration.ofMinutes(3));
                targets.stream().filter(t -> t.server().equals("CryptoFlow")).forEach(t -> notes.add(CompareHttp.probe(t)));
                double readersAlone = ComparePhases.secondsSince(collectorStart);
                // Latency at a load the original cannot carry at all, but below saturation: what a reader sees
                // while a backfill runs, without the closed loop's queueing for two saturated cores.
                double fixedRate = busy.entrySet().stream()
                        .filter(e -> e.getKey().server().equals("original") && e.getKey().headers().isEmpty())
                        .mapToDouble(e -> FIXED_RATE_TIMES_ORIGINAL * e.getValue().requestsPerSecond())
                        .filter(r -> r > 0).findFirst().orElse(FIXED_RATE_WITHOUT_ORIGINAL);
                targets.add(new CompareTarget("tf=15 limit=1000 at a fixed " + Fmt.num(fixedRate, 0) + " req/s", "CryptoFlow",
                        URI.create(ours + PAGE), List.of(), null, fixedRate));
                context.progress("compare: loaded rounds during CryptoFlow's backfill");
                readersFirst.set(false);
                readers.join();
                ComparePhases.backfillRounds(context, load, targets, "CryptoFlow", oursBackfilling, rounds, Duration.ZERO, busy, cpu);
                double loadedUntil = ComparePhases.secondsSince(collectorStart);
                long yieldedMillis = stack.collectorCounter(YIELDED_MILLIS);
                boolean stillRunning = oursBackfilling.getAsBoolean();
                ComparePhases.awaitBackfills(context, oursBackfilling, theirsBackfilling, Duration.ofMinutes(25));
                double settled = ComparePhases.awaitQuietWriters(context, cpu);
                String backfillState = "CryptoFlow's collector started under " + CONNECTIONS + " connections of"
                        + " unmeasured reads of the seeded market, which went on until its first candles were served ("
                        + Fmt.num(readersAlone, 1) + " s later) and the measured rounds began; the original's first"
                        + " loaded round of each kind began with " + ComparePhases.FIRST_ROUND_RAMP.toSeconds() + " s unmeasured, as"
                        + " every idle phase's; CryptoFlow's backfill " + (stillRunning
                        ? "still running when its loaded rounds ended (" + Fmt.num(loadedUntil, 0) + " s after the"
                        + " collector started), over " + Fmt.num(ComparePhases.secondsSince(collectorStart), 0) + " s after it started"
                        : "over before its loaded rounds ended") + "; its pages waited "
                        + Fmt.num(yieldedMillis / 1000.0, 1) + " s in all for the readers during the loaded rounds"
                        + " (collector backfillYield, " + YIELDED_MILLIS + "); idle rounds began once the collector,"
                        + " replicator and simulator had used under " + Fmt.num(100 * ComparePhases.QUIET_SHARE, 0) + " % of a core for a"
                        + " second (" + Fmt.num(settled, 0) + " s after the backfill ended)";
                context.progress("compare: idle rounds");
                Map<CompareTarget, LoadTotals> idle = ComparePhases.idleRounds(context, load, targets, rounds, cpu);
                ResultTable table = CompareReport.table(targets, busy, idle, original != null);
                CompareReport.crossCoding(table, targets, busy, idle);
                CompareReport.singleConnection(table, targets, context);
                CompareReport.nginx(table, context, stack, dir, rss, rounds);
                table.note("backfill rows: each tool loaded during its own backfill of " + DAYS + " days while the other"
                        + " was idle (the original first, then CryptoFlow), rounds stopped when that backfill ended; "
                        + backfillState + "; both against one simulator without rate limits, CryptoFlow with order flow"
                        + " off (CRYPTOFLOW_ORDERFLOW=false) so both serve the same fields; clusters: " + CLUSTER_SYMBOL
                        + " seeded with " + CLUSTER_LEVELS + " price levels per candle; KB/answer counts the body bytes"
                        + " as received (gzip rows: compressed, as wrk counts them); a gzip row's ratios are to the"
                        + " original's gzip row");
                table.note("warm-up: before any measured round CryptoFlow's API served " + WARM_UP.toSeconds()
                        + " s of the same request kinds on the seeded market (not counted), while the bench rewrote a"
                        + " forming candle every 50 ms as a live collector does (another market's; the seeded market's"
                        + " every 500 ms), so its JIT has compiled the read, re-check and re-render paths as in a"
                        + " long-running API; without it the first ~40 s of load run at a"
                        + " fraction of the warm rate on 2 cores. The original's Node API gets none: run.sh starts it"
                        + " with its collector, and V8 optimizes its handful of hot functions within its first requests");
                table.note("CryptoFlow JVMs with bin/cryptoflow's defaults: " + LAUNCHER_JVM + ", nice " + LAUNCHER_NICE);
                table.note("load average before / after: " + loadBefore + " / " + MachineInfo.loadAverage() + " (2 cores shared by"
                        + " the simulator, the bench's load, both tools' processes and nginx; compare ratios only)");
                notes.forEach(table::note);
                table.note("CryptoFlow's collector: default config.yml with " + ORIGINAL_SCOPE);
                return List.of(table, CompareReport.rssTable(rss.peakKb()));
            } finally {
                if (original != null) {
                    original.close();
                }
            }
        }
    }
}
