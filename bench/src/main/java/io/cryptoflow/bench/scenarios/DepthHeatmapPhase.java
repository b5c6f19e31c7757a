package io.cryptoflow.bench.scenarios;

import io.cryptoflow.bench.BenchContext;
import io.cryptoflow.bench.db.DbCopy;
import io.cryptoflow.bench.db.DepthHeatmapFixture;
import io.cryptoflow.bench.load.RssSampler;
import io.cryptoflow.bench.load.WrkRun;
import io.cryptoflow.bench.process.CpuShares;
import io.cryptoflow.bench.process.ServiceProcess;
import io.cryptoflow.bench.process.Stack;
import io.cryptoflow.bench.report.Fmt;
import io.cryptoflow.bench.report.ResultTable;
import io.cryptoflow.common.MarketSymbol;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The read side of {@link DepthScenario}: a copy of the api.db the replicator just wrote plus 26 h of
 * minute heatmap rows and the last hour of second rows for every depth market
 * ({@link DepthHeatmapFixture}), served by the real API jar as bin/cryptoflow starts it; wrk at 16
 * connections asks 24 h at step 1m, each request a random market and a random minute-aligned end
 * over the last 2 h (so {@code markets × 121} different answers, not one hot URL), with gzip as a
 * browser asks; then the same with one URL for the render cache's share.
 */
final class DepthHeatmapPhase {

    static final double TARGET_P99_MS = 100;
    static final int CONNECTIONS = 16;
    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;
    private static final long MINUTE = 60_000L;

    List<ResultTable> run(BenchContext context, ResultTable targets, Path replicatedApiDb, Path dir,
                          List<MarketSymbol> markets, long end) throws Exception {
        Path data = dir.resolve("api-depth");
        Path apiDb = DbCopy.vacuumInto(replicatedApiDb, data.resolve("api.db"));
        long lastEnd = Math.floorDiv(end, MINUTE) * MINUTE;
        long started = System.nanoTime();
        DepthHeatmapFixture.Written w = DepthHeatmapFixture.write(apiDb, markets, lastEnd, DAY + 2 * HOUR, HOUR);
        context.progress("depth: %d minute rows and %d second rows written into %s in %.1f s", w.minuteRows(),
                w.secondRows(), apiDb, (System.nanoTime() - started) / 1e9);
        if (!WrkRun.available()) {
            targets.row("api: 24 h heatmap at step 1m, 16 connections", "wrk not installed", "<= 100 ms", "", "NO");
            return List.of();
        }
        ResultTable t = new ResultTable("GET /api/depth, 24 h at step 1m, wrk " + CONNECTIONS + " connections",
                "request", "requests", "req/s", "p50 ms", "p99 ms", "max ms", "errors", "KB/answer (gzip)", "p99 ÷ 100 ms");
        try (Stack stack = new Stack(context.repoRoot(), data, dir.resolve("logs-api-depth"), "http://127.0.0.1:9");
             RssSampler rss = new RssSampler()) {
            CompareScenario.LAUNCHER_JVM.forEach(stack::jvmArgs);
            ServiceProcess api = stack.startApi(CompareScenario.LAUNCHER_API_ENV); // as bin/cryptoflow starts it
            rss.watch("api", () -> List.of(api.pid()));
            String list = markets.stream().map(m -> m.exchange().toLowerCase(Locale.ROOT) + ":"
                    + m.symbol().toLowerCase(Locale.ROOT)).collect(Collectors.joining(","));
            List<String> args = List.of(list, Long.toString(lastEnd - 2 * HOUR), Long.toString(lastEnd),
                    Long.toString(DAY), Long.toString(MINUTE));
            Duration round = Duration.ofSeconds(Math.max(10, context.options().loadDuration().toSeconds()));
            // the 16-connection varied round (the target) last: its OutOfMemoryErrors must not spoil the others
            // (one connection: what an uncached answer costs when it has the API to itself; its JIT warm-up too)
            WrkRun.Result alone = WrkRun.run(URI.create(stack.apiUrl("")), 1, round, CompareScenario.GZIP,
                    List.of("depth-reads.lua"), args, dir.resolve("wrk"));
            MarketSymbol first = markets.get(0);
            String hot = "/api/depth?exchange=" + first.exchange().toLowerCase(Locale.ROOT) + "&symbol="
                    + first.symbol().toLowerCase(Locale.ROOT) + "&step=1m&from=" + (lastEnd - DAY) + "&to=" + lastEnd;
            WrkRun.Result one = WrkRun.run(URI.create(stack.apiUrl(hot)), CONNECTIONS, round, CompareScenario.GZIP,
                    List.of(), List.of(), dir.resolve("wrk"));
            CpuShares cpu = new CpuShares().watch("api", () -> List.of(api.pid()))
                    .watch("bench (wrk's parent)", () -> List.of(ProcessHandle.current().pid()));
            cpu.mark();
            WrkRun.Result varied = WrkRun.run(URI.create(stack.apiUrl("")), CONNECTIONS, round, CompareScenario.GZIP,
                    List.of("depth-reads.lua"), args, dir.resolve("wrk"));
            String cpuVaried = cpu.sinceMark();
            row(t, "varied, 1 connection", alone);
            row(t, "one URL (" + first + ", the render cache's case)", one);
            row(t, "varied: random market of " + markets.size() + " × random end over 2 h", varied);
            double p99 = varied.p99Ms();
            targets.row("api: 24 h of heatmap at step 1m, p99 ms at " + CONNECTIONS + " connections (wrk, varied"
                    + " markets and ends)", Fmt.num(p99, 1), "<= 100", Fmt.ratio(p99 / TARGET_P99_MS),
                    LiveWriters.met(p99 <= TARGET_P99_MS && varied.errors() == 0));
            double mb = rss.peakKb().getOrDefault("api", -1L) / 1024.0;
            targets.row("api: peak RSS MB under the heatmap reads", Fmt.num(mb, 0), "<= 256",
                    Fmt.ratio(mb / LiveWriters.TARGET_RSS_MB), LiveWriters.met(mb <= LiveWriters.TARGET_RSS_MB));
            t.note("API log: " + count(api.log(), "java.lang.OutOfMemoryError") + " lines with OutOfMemoryError, "
                    + count(api.log(), "\" 500 ") + " requests answered 500, " + count(api.log(), "\" 503 ")
                    + " answered 503 (the API's heap: "
                    + CompareScenario.LAUNCHER_JVM.get("api") + ")");
            t.note("fixture: " + w.minuteRows() + " minute rows (26 h × " + markets.size() + " markets) and "
                    + w.secondRows() + " second rows (the last hour) of " + DepthHeatmapFixture.BINS_PER_SIDE
                    + " float32 bins per side, written with the common DDL into a VACUUM INTO copy of the replicated"
                    + " api.db; each answer: 1,441 steps × 2 sides × ~100 bins (the minute tier)");
            t.note("wrk -t2 -c" + CONNECTIONS + ", " + round.toSeconds() + " s per row, Accept-Encoding: gzip;"
                    + " varied = bench resource wrk/depth-reads.lua (" + markets.size() * 121 + " different answers, the"
                    + " API's depth page cache holds a quarter of its render-cache bytes); rows run in the order shown;"
                    + " errors = wrk's connect + read + write + status + timeout; CPU share of one core during the"
                    + " varied 16-connection row: " + cpuVaried + "; API JVM as bin/cryptoflow"
                    + " starts it (" + CompareScenario.LAUNCHER_JVM.get("api") + ", MALLOC_ARENA_MAX=1)");
        }
        return List.of(t);
    }

    /** Lines of {@code log} containing {@code text} (0 when it cannot be read). */
    private static long count(Path log, String text) {
        try (java.util.stream.Stream<String> lines = java.nio.file.Files.lines(log)) {
            return lines.filter(l -> l.contains(text)).count();
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }

    private static void row(ResultTable t, String what, WrkRun.Result r) {
        t.row(what, r.requests(), Fmt.num(r.requestsPerSecond(), 1), Fmt.num(r.p50Ms(), 1),
                Fmt.num(r.p99Ms(), 1), Fmt.num(r.maxMs(), 0), r.errors(), Fmt.num(r.kbPerAnswer(), 1),
                Fmt.ratio(r.p99Ms() / TARGET_P99_MS));
    }
}
