package io.cryptoflow.bench.scenarios;

import io.cryptoflow.bench.BenchContext;
import io.cryptoflow.bench.db.LiveTrickle;
import io.cryptoflow.bench.db.SyntheticCollectorDb;
import io.cryptoflow.bench.load.HttpLoad;
import io.cryptoflow.bench.load.LoadTotals;
import io.cryptoflow.bench.load.RssSampler;
import io.cryptoflow.bench.process.CpuShares;
import io.cryptoflow.bench.process.FreePort;
import io.cryptoflow.bench.process.NginxTier;
import io.cryptoflow.bench.process.OriginalTool;
import io.cryptoflow.bench.process.ServiceProcess;
import io.cryptoflow.bench.process.Stack;
import io.cryptoflow.bench.report.Fmt;
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

    private static final int CONNECTIONS = 16;
    private static final int DAYS = 120;
    private static final Duration ROUND = Duration.ofSeconds(2);
    /** Load before the measured rounds; on 2 cores the API's JIT needs about this long to settle. */
    private static final Duration WARM_UP = Duration.ofSeconds(40);
    private static final String PAGE = "/api/candles?symbol=btcusdt&exchange=binance&tf=15&limit=1000";
    private static final String CLUSTER_SYMBOL = "BINANCE:XRPUSDT";
    /** A market no request reads, whose forming candle the warm-up's live trickle rewrites every 50 ms. */
    private static final String WARM_UP_BUSY_SYMBOL = "BINANCE:LTCUSDT";
    private static final int CLUSTER_LEVELS = 30;
    private static final String CLUSTER_PAGE = "/api/candles?symbol=xrpusdt&exchange=binance&tf=15&limit=1000";
    /** bin/cryptoflow's defaults (CRYPTOFLOW_JAVA_OPTS, the per-service options and heap). */
    private static final Map<String, List<String>> LAUNCHER_JVM = Map.of(
            "collector", List.of("-Xms32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx768m"),
            "replicator", List.of("-Xms32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx256m"),
            "api", List.of("-Xms32m", "-XX:+UseSerialGC", "-Xmx512m"));
    /** bin/cryptoflow's CPU priorities: the writers yield the cores to the API's readers. */
    private static final Map<String, Integer> LAUNCHER_NICE = Map.of("collector", 10, "replicator", 5);

    private static final List<String> GZIP = List.of("Accept-Encoding", "gzip");
    private static final String YIELDED_MILLIS = "cryptoflow.collector.backfill.yielded-ms";

    /**
     * {@code base}: the original's row this one is compared with (same coding), null for none;
     * {@code rate}: requests per second over all connections, 0 = closed loop (as fast as answered).
     */
    private record Target(String request, String server, URI uri, List<String> headers, Target base, double rate) {

        Target(String request, String server, URI uri, List<String> headers, Target base) {
            this(request, server, uri, headers, base, 0);
        }

        HttpLoad.Result run(HttpLoad load, Duration warmup, Duration duration, BooleanSupplier keepGoing)
                throws InterruptedException {
            return (rate > 0 ? load.atRate(rate) : load).run(server, uri, headers, warmup, duration, keepGoing);
        }
    }

    /** The fixed-rate row's rate, as a multiple of the original's closed-loop rate during its backfill. */
    private static final int FIXED_RATE_TIMES_ORIGINAL = 10;
    /** ... and without the original: about what that multiple came to on this machine kind (~190 req/s). */
    private static final double FIXED_RATE_WITHOUT_ORIGINAL = 2000;

    @Override
    public String name() {
        return "compare";
    }

    @Override
    public List<ResultTable> run(BenchContext context) throws Exception {
        String loadBefore = loadAverage();
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
            LAUNCHER_JVM.forEach(stack::jvmArgs);
            LAUNCHER_NICE.forEach(stack::niceness);
            stack.startReplicator(Map.of());
            stack.startApi(Map.of());
            stack.processes().forEach(p -> rss.watch(p.name(), () -> List.of(p.pid())));
            String ours = stack.apiUrl("");
            awaitCandles(ours + CLUSTER_PAGE, Duration.ofMinutes(3));
            // The collector is not started yet: the bench is collector.db's one writer during the warm-up.
            try (LiveTrickle live = new LiveTrickle(data.resolve("collector.db"), Timeframe.M15, WARM_UP_BUSY_SYMBOL,
                    CLUSTER_SYMBOL, newestOpen, CLUSTER_LEVELS).start()) {
                warmUp(context, ours);
            }
            // Polled by one thread: the load threads check these between requests. CryptoFlow's flag
            // stays true until its collector (started later) reports every entry done.
            AtomicBoolean oursFlag = new AtomicBoolean(true);
            AtomicBoolean theirsFlag = new AtomicBoolean(withOriginal);
            OriginalTool[] originalRef = {null};
            CpuShares cpu = new CpuShares().watch("bench", () -> List.of(ProcessHandle.current().pid()))
                    .watch("simulator", () -> List.of(sim.pid()))
                    .watch("original", () -> originalRef[0] == null ? List.of()
                            : originalRef[0].nodeProcesses().stream().map(ProcessHandle::pid).toList());
            for (String service : List.of("api", "collector", "replicator")) {
                cpu.watch(service, () -> stack.processes().stream().filter(p -> p.name().equals(service))
                        .map(ServiceProcess::pid).toList());
            }
            Thread watcher = new Thread(() -> {
                while (oursFlag.get() || theirsFlag.get()) {
                    oursFlag.compareAndSet(true, !stack.backfillComplete());
                    OriginalTool o = originalRef[0];
                    theirsFlag.compareAndSet(true, o == null || !o.backfillComplete());
                    try {
                        Thread.sleep(250);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "bench-backfill-watch");
            watcher.setDaemon(true);
            OriginalTool original = withOriginal
                    ? OriginalTool.start(script.get(), simUrl, DAYS, Files.createDirectories(dir.resolve("logs"))
                            .resolve("original.log"))
                    : null;
            originalRef[0] = original;
            watcher.start();
            try {
                BooleanSupplier oursBackfilling = oursFlag::get;
                BooleanSupplier theirsBackfilling = theirsFlag::get;
                String theirs = original == null ? null : "http://127.0.0.1:" + original.port;
                List<Target> targets = targets(ours, theirs);
                int rounds = (int) Math.max(1, context.options().loadDuration().toMillis() / ROUND.toMillis());
                HttpLoad load = new HttpLoad(CONNECTIONS);
                Map<Target, LoadTotals> busy = new LinkedHashMap<>();
                // Each tool is loaded during its own backfill while the other is idle: a user runs one
                // of them, and either tool's writer would otherwise slow the other's reads.
                if (original != null) {
                    awaitCandles(theirs + PAGE, OriginalTool.startupTimeout());
                    rss.watch("original (node api + collector)",
                            () -> original.nodeProcesses().stream().map(ProcessHandle::pid).toList());
                    targets.stream().filter(t -> t.server().equals("original")).forEach(t -> notes.add(probe(t)));
                    context.progress("compare: loaded rounds during the original's backfill");
                    // run.sh starts the original's API and collector together: no readers can be there first,
                    // so its first round of each kind gets the idle rounds' unmeasured second instead.
                    backfillRounds(context, load, targets, "original", theirsBackfilling, rounds, FIRST_ROUND_RAMP,
                            busy, cpu);
                    awaitBackfills(context, () -> false, theirsBackfilling, Duration.ofMinutes(25));
                }
                // Readers are already reading when CryptoFlow's backfill begins: its collector starts under this
                // load (not counted), and the measured rounds follow it without a pause.
                AtomicBoolean readersFirst = new AtomicBoolean(true);
                Thread readers = unmeasuredLoad(URI.create(ours + CLUSTER_PAGE + "&clusters=false"), readersFirst);
                long collectorStart = System.nanoTime();
                stack.startCollector(Map.of("CRYPTOFLOW_HISTORY_DAYS", Integer.toString(DAYS), "CRYPTOFLOW_ORDERFLOW", "false"));
                stack.processes().forEach(p -> rss.watch(p.name(), () -> List.of(p.pid())));
                awaitCandles(ours + PAGE, Duration.ofMinutes(3));
                targets.stream().filter(t -> t.server().equals("CryptoFlow")).forEach(t -> notes.add(probe(t)));
                double readersAlone = secondsSince(collectorStart);
                // Latency at a load the original cannot carry at all, but below saturation: what a reader sees
                // while a backfill runs, without the closed loop's queueing for two saturated cores.
                double fixedRate = busy.entrySet().stream()
                        .filter(e -> e.getKey().server().equals("original") && e.getKey().headers().isEmpty())
                        .mapToDouble(e -> FIXED_RATE_TIMES_ORIGINAL * e.getValue().requestsPerSecond())
                        .filter(r -> r > 0).findFirst().orElse(FIXED_RATE_WITHOUT_ORIGINAL);
                targets.add(new Target("tf=15 limit=1000 at a fixed " + Fmt.num(fixedRate, 0) + " req/s", "CryptoFlow",
                        URI.create(ours + PAGE), List.of(), null, fixedRate));
                context.progress("compare: loaded rounds during CryptoFlow's backfill");
                readersFirst.set(false);
                readers.join();
                backfillRounds(context, load, targets, "CryptoFlow", oursBackfilling, rounds, Duration.ZERO, busy, cpu);
                double loadedUntil = secondsSince(collectorStart);
                long yieldedMillis = stack.collectorCounter(YIELDED_MILLIS);
                boolean stillRunning = oursBackfilling.getAsBoolean();
                awaitBackfills(context, oursBackfilling, theirsBackfilling, Duration.ofMinutes(25));
                double settled = awaitQuietWriters(context, cpu);
                String backfillState = "CryptoFlow's collector started under " + CONNECTIONS + " connections of"
                        + " unmeasured reads of the seeded market, which went on until its first candles were served ("
                        + Fmt.num(readersAlone, 1) + " s later) and the measured rounds began; the original's first"
                        + " loaded round of each kind began with " + FIRST_ROUND_RAMP.toSeconds() + " s unmeasured, as"
                        + " every idle phase's; CryptoFlow's backfill " + (stillRunning
                        ? "still running when its loaded rounds ended (" + Fmt.num(loadedUntil, 0) + " s after the"
                        + " collector started), over " + Fmt.num(secondsSince(collectorStart), 0) + " s after it started"
                        : "over before its loaded rounds ended") + "; its pages waited "
                        + Fmt.num(yieldedMillis / 1000.0, 1) + " s in all for the readers during the loaded rounds"
                        + " (collector backfillYield, " + YIELDED_MILLIS + "); idle rounds began once the collector,"
                        + " replicator and simulator had used under " + Fmt.num(100 * QUIET_SHARE, 0) + " % of a core for a"
                        + " second (" + Fmt.num(settled, 0) + " s after the backfill ended)";
                context.progress("compare: idle rounds");
                Map<Target, LoadTotals> idle = new LinkedHashMap<>();
                for (int r = 0; r < rounds; r++) {
                    for (Target t : targets) {
                        cpu.mark();
                        HttpLoad.Result round = t.run(load, r == 0 ? FIRST_ROUND_RAMP : Duration.ZERO, ROUND, () -> true);
                        idle.computeIfAbsent(t, x -> new LoadTotals()).add(round);
                        context.progress("  idle, %s, %s, round %d: %.0f req/s, p99 %.1f ms; CPU: %s", t.server(),
                                t.request(), r + 1, round.requestsPerSecond(), round.p99Millis(), cpu.sinceMark());
                    }
                }
                ResultTable table = table(targets, busy, idle, original != null);
                crossCoding(table, targets, busy, idle);
                singleConnection(table, targets, context);
                nginx(table, context, stack, dir, rss, rounds);
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
                table.note("load average before / after: " + loadBefore + " / " + loadAverage() + " (2 cores shared by"
                        + " the simulator, the bench's load, both tools' processes and nginx; compare ratios only)");
                notes.forEach(table::note);
                return List.of(table, rssTable(rss.peakKb()));
            } finally {
                if (original != null) {
                    original.close();
                }
            }
        }
    }

    /**
     * Unmeasured load before the first round of each kind in a phase that starts after a pause: the
     * idle phase (always), and the original's backfill, whose API starts with its collector so that no
     * readers can be there first. A first round straight after a pause was the slowest in every run
     * (docs/benchmarks.md, sixth round), for a cause not pinned down.
     */
    private static final Duration FIRST_ROUND_RAMP = Duration.ofSeconds(1);

    /** Under this share of one core, together, the writers and the simulator are idle. */
    private static final double QUIET_SHARE = 0.03;

    /**
     * Waits, at most two minutes, until the collector, replicator and simulator together use under
     * {@link #QUIET_SHARE} of a core over a whole second: the tail of a backfill (the last pages'
     * replication, a heap collection) is not idle. Returns the seconds waited.
     */
    private static double awaitQuietWriters(BenchContext context, CpuShares cpu) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            cpu.mark();
            Thread.sleep(1000);
            Map<String, Double> shares = cpu.sharesSinceMark();
            double writers = List.of("collector", "replicator", "simulator").stream()
                    .mapToDouble(name -> shares.getOrDefault(name, 0.0)).sum();
            if (writers < QUIET_SHARE) {
                return secondsSince(start);
            }
        }
        context.progress("compare: the writers never went quiet within two minutes; idle rounds start anyway");
        return secondsSince(start);
    }

    private static double secondsSince(long nanoTime) {
        return (System.nanoTime() - nanoTime) / 1e9;
    }

    /**
     * Identity rows, then the same requests with Accept-Encoding: gzip to both servers (the original
     * has no footprint clusters: its cluster-less row is the base).
     */
    private static List<Target> targets(String ours, String theirs) {
        List<Target> targets = new ArrayList<>();
        String clustersRequest = "tf=15 limit=1000, " + CLUSTER_LEVELS + "-level clusters";
        for (List<String> headers : List.of(List.<String>of(), GZIP)) {
            String suffix = headers.isEmpty() ? "" : ", Accept-Encoding: gzip";
            Target base = theirs == null ? null : new Target("tf=15 limit=1000" + suffix, "original",
                    URI.create(theirs + PAGE), headers, null);
            if (base != null) {
                targets.add(base);
            }
            targets.add(new Target("tf=15 limit=1000" + suffix, "CryptoFlow", URI.create(ours + PAGE), headers, base));
            targets.add(new Target(clustersRequest + suffix, "CryptoFlow", URI.create(ours + CLUSTER_PAGE),
                    headers, base));
        }
        return targets;
    }

    /**
     * Rounds over one server's targets while {@code backfilling} holds (checked between requests);
     * each round's rate and p99 go to the progress log, to see where in the backfill a tail comes from.
     *
     * @param firstRamp unmeasured load before each kind's first round
     */
    private static void backfillRounds(BenchContext context, HttpLoad load, List<Target> targets, String server,
                                       BooleanSupplier backfilling, int rounds, Duration firstRamp,
                                       Map<Target, LoadTotals> busy, CpuShares cpu) throws InterruptedException {
        for (int r = 0; r < rounds && backfilling.getAsBoolean(); r++) {
            for (Target t : targets) {
                if (t.server().equals(server) && backfilling.getAsBoolean()) {
                    cpu.mark();
                    HttpLoad.Result round = t.run(load, r == 0 ? firstRamp : Duration.ZERO, ROUND, backfilling);
                    busy.computeIfAbsent(t, x -> new LoadTotals()).add(round);
                    context.progress("  %s, %s, round %d: %.0f req/s, p99 %.1f ms; CPU (one core = 100 %%): %s", server,
                            t.request(), r + 1, round.requestsPerSecond(), round.p99Millis(), cpu.sinceMark());
                }
            }
        }
    }

    /** {@link #CONNECTIONS} closed-loop readers of {@code uri}, not counted, until {@code keepGoing} turns false. */
    private static Thread unmeasuredLoad(URI uri, AtomicBoolean keepGoing) {
        Thread t = new Thread(() -> {
            try {
                new HttpLoad(CONNECTIONS).run("unmeasured", uri, Duration.ZERO, Duration.ofMinutes(10), keepGoing::get);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "bench-readers-first");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * Load on the seeded market with every shape and coding the measured rounds use, before any of
     * them: the JVM's JIT compiles the read path under the first tens of thousands of requests.
     */
    private static void warmUp(BenchContext context, String ours) throws InterruptedException {
        context.progress("compare: warming CryptoFlow's API up for %d s on the seeded market", WARM_UP.toSeconds());
        HttpLoad load = new HttpLoad(CONNECTIONS);
        List<String> pages = List.of(CLUSTER_PAGE, CLUSTER_PAGE + "&clusters=false");
        Duration each = WARM_UP.dividedBy(pages.size() * 2L);
        for (String page : pages) {
            for (List<String> headers : List.of(List.<String>of(), GZIP)) {
                load.run("warm-up", URI.create(ours + page), headers, each, Duration.ZERO, () -> true);
                // The requests the bench makes with java.net.http (the probe, awaiting candles) too, so the
                // API has seen their header shapes before a measured round, as a long-running API has.
                probe(new Target("warm-up", "CryptoFlow", URI.create(ours + page), headers, null));
            }
        }
    }

    private static ResultTable table(List<Target> targets, Map<Target, LoadTotals> busy, Map<Target, LoadTotals> idle,
                                     boolean withOriginal) {
        ResultTable t = new ResultTable("/api/candles: original tool vs CryptoFlow, " + CONNECTIONS
                + " connections, same run", "request", "server", "phase", "measured s", "req/s", "p50 ms", "p99 ms",
                "errors", "KB/answer", "req/s ÷ original", "original p99 ÷ p99", "p99 backfill ÷ idle");
        for (Target target : targets) {
            Target base = withOriginal ? target.base() : null;
            for (String phase : List.of("backfill", "idle")) {
                LoadTotals l = ("backfill".equals(phase) ? busy : idle).get(target);
                if (l == null || l.requests() == 0) {
                    t.row(target.request(), target.server(), phase, 0, "", "", "", "", "", "", "", "not measured (backfill over)");
                    continue;
                }
                LoadTotals o = base == null ? null : ("backfill".equals(phase) ? busy : idle).get(base);
                LoadTotals i = idle.get(target);
                boolean comparable = o != null && o.requests() > 0 && target != base;
                t.row(target.request(), target.server(), phase, l.seconds(), l.requestsPerSecond(), l.p50Millis(),
                        l.p99Millis(), l.errors() + (l.errorKinds().isEmpty() ? "" : " " + l.errorKinds()), l.avgBodyKb(),
                        comparable ? Fmt.ratio(l.requestsPerSecond() / o.requestsPerSecond()) : "",
                        comparable ? Fmt.ratio(o.p99Millis() / l.p99Millis()) : "",
                        "backfill".equals(phase) && i != null ? Fmt.ratio(l.p99Millis() / i.p99Millis()) : "");
            }
        }
        return t;
    }

    /** The clusters request with gzip against the original's identity cluster-less row (the 3x). */
    private static void crossCoding(ResultTable t, List<Target> targets, Map<Target, LoadTotals> busy,
                                    Map<Target, LoadTotals> idle) {
        Target theirs = targets.stream().filter(x -> x.server().equals("original") && x.headers().isEmpty())
                .findFirst().orElse(null);
        Target ours = targets.stream().filter(x -> !x.headers().isEmpty() && x.uri().toString().endsWith(CLUSTER_PAGE))
                .findFirst().orElse(null);
        for (Map<Target, LoadTotals> phase : List.of(busy, idle)) {
            LoadTotals o = theirs == null ? null : phase.get(theirs);
            LoadTotals c = ours == null ? null : phase.get(ours);
            if (o != null && c != null && o.requests() > 0 && c.requests() > 0) {
                t.note((phase == busy ? "backfill" : "idle") + ": CryptoFlow clusters with gzip ÷ original identity"
                        + " without clusters, req/s: " + Fmt.ratio(c.requestsPerSecond() / o.requestsPerSecond()));
            }
        }
    }

    private static void singleConnection(ResultTable t, List<Target> targets, BenchContext context) throws InterruptedException {
        context.progress("compare: one connection, idle");
        HttpLoad one = new HttpLoad(1);
        // the plain identity request of each server, as before
        for (Target target : targets.stream().filter(x -> x.headers().isEmpty() && x.rate() == 0 && x.uri().toString().endsWith(PAGE)).toList()) {
            HttpLoad.Result r = one.run(target.server(), target.uri(), Duration.ofSeconds(1), Duration.ofSeconds(5), () -> true);
            t.row(target.request(), target.server(), "idle, 1 connection", r.seconds(), r.requestsPerSecond(),
                    r.p50Millis(), r.p99Millis(), r.errors(), r.avgBodyKb(), "", "", "");
        }
    }

    private static void nginx(ResultTable t, BenchContext context, Stack stack, Path dir, RssSampler rss, int rounds)
            throws Exception {
        Optional<Path> binary = NginxTier.binary();
        if (binary.isEmpty()) {
            t.note("nginx cache tier not measured: no nginx binary (apt-get install nginx)");
            return;
        }
        context.progress("compare: through the nginx cache tier");
        long before = Timeframe.M15.openTimeOf(System.currentTimeMillis()) - 10 * 86_400_000L;
        try (NginxTier nginx = NginxTier.start(binary.get(), context.repoRoot(), Files.createDirectories(dir.resolve("nginx")),
                stack.apiPort)) {
            rss.watch("nginx (master + worker)", () -> nginx.processes().stream().map(ProcessHandle::pid).toList());
            HttpLoad load = new HttpLoad(CONNECTIONS);
            Map<String, String> kinds = new LinkedHashMap<>();
            kinds.put("tf=15 limit=1000 before=<10 days ago> (closed)", PAGE + "&before=" + before);
            kinds.put("tf=15 limit=1000 (open, max-age=1)", PAGE);
            for (Map.Entry<String, String> k : kinds.entrySet()) {
                Map<String, Long> start = nginx.cacheStatuses();
                LoadTotals l = new LoadTotals();
                for (int r = 0; r < rounds; r++) {
                    l.add(load.run("nginx", URI.create("http://127.0.0.1:" + nginx.port + k.getValue()),
                            r == 0 ? Duration.ofSeconds(1) : Duration.ZERO, ROUND, () -> true));
                }
                Map<String, Long> end = nginx.cacheStatuses();
                long total = 0;
                long hits = 0;
                StringBuilder mix = new StringBuilder();
                for (Map.Entry<String, Long> e : end.entrySet()) {
                    long n = e.getValue() - start.getOrDefault(e.getKey(), 0L);
                    total += n;
                    if ("HIT".equals(e.getKey())) {
                        hits = n;
                    }
                    if (n > 0) {
                        mix.append(mix.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(n);
                    }
                }
                t.row(k.getKey(), "nginx → CryptoFlow", "idle", l.seconds(), l.requestsPerSecond(), l.p50Millis(),
                        l.p99Millis(), l.errors(), l.avgBodyKb(), "", "",
                        "hit ratio " + Fmt.num(total == 0 ? 0 : 100.0 * hits / total, 1) + " % (" + mix + ")");
            }
        }
    }

    /** One request before the load: what the server answered to these headers (coding and size). */
    private static String probe(Target t) {
        try {
            var http = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
            var b = java.net.http.HttpRequest.newBuilder(t.uri()).timeout(Duration.ofSeconds(30));
            if (!t.headers().isEmpty()) {
                b.headers(t.headers().toArray(String[]::new));
            }
            var r = http.send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            return t.server() + " \"" + t.request() + "\": HTTP " + r.statusCode() + ", Content-Encoding "
                    + r.headers().firstValue("Content-Encoding").orElse("none (identity)") + ", "
                    + Fmt.num(r.body().length / 1024.0, 1) + " KB received";
        } catch (java.io.IOException e) {
            return t.server() + " \"" + t.request() + "\": probe failed: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return t.server() + " \"" + t.request() + "\": probe interrupted";
        }
    }

    private static ResultTable rssTable(Map<String, Long> peakKb) {
        ResultTable t = new ResultTable("Peak RSS per service during the compare run (sampled every 0.5 s)",
                "service", "peak RSS MB", "≤ 256 MB");
        peakKb.forEach((name, kb) -> t.row(name, kb / 1024.0, kb / 1024.0 <= 256 ? "yes" : "NO"));
        return t;
    }

    private static void awaitCandles(String url, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() < deadline) {
            try {
                var r = http.send(java.net.http.HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("\"time\"")) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not up yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("no candles at " + url + " within " + timeout);
    }

    private static void awaitBackfills(BenchContext context, BooleanSupplier ours, BooleanSupplier theirs, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long lastLog = 0;
        while (ours.getAsBoolean() || theirs.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("backfills did not finish within " + timeout);
            }
            if (System.nanoTime() - lastLog > 15_000_000_000L) {
                lastLog = System.nanoTime();
                context.progress("compare: waiting for the backfills (CryptoFlow %s, original %s)",
                        ours.getAsBoolean() ? "running" : "done", theirs.getAsBoolean() ? "running" : "done");
            }
            Thread.sleep(500);
        }
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
