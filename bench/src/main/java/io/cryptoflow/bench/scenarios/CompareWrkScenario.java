package io.cryptoflow.bench.scenarios;

import io.cryptoflow.bench.BenchContext;
import io.cryptoflow.bench.db.SyntheticCollectorDb;
import io.cryptoflow.bench.load.WrkRun;
import io.cryptoflow.bench.load.RssSampler;
import io.cryptoflow.bench.process.FreePort;
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
import java.util.function.BooleanSupplier;

/**
 * The compare run's rows measured with wrk (issue 23), for both tools: the hot page over the first
 * minute of a just-started stack in 10 s slices, from its first answer (no warm-up; each slice says
 * whether the tool's backfill still ran through it), random reads (each request a random market,
 * timeframe and {@code before} over the window, limit=500) during the backfill and idle, the hot page
 * idle, one connection, clusters and gzip. Each tool runs alone against one simulator; the original
 * first. Ratios are to the original's row of the same kind; each first-minute slice's p99 is also
 * given as a multiple of the same tool's idle p99.
 */
final class CompareWrkScenario {

    /**
     * History each tool backfills from its start: the original's own default (two years), so that both
     * backfills run through the first minute and the random reads after it; with 120 days CryptoFlow's
     * ended before its API first answered and its "during the backfill" rows were never measured.
     */
    private static final int HISTORY_DAYS = 730;
    /** Window the random reads' {@code before} is drawn from: the newest days, the same as compare's other rows. */
    private static final int WINDOW_DAYS = 120;
    private static final Duration SLICE = Duration.ofSeconds(10);
    /** Markets and timeframes both tools store (the original: Binance, Bybit, Bitget USD-M; 15m/1h/4h/1d). */
    private static final String MARKETS = "binance:btcusdt,binance:ethusdt,binance:solusdt,bybit:btcusdt,bybit:ethusdt,"
            + "bybit:solusdt,bitget:btcusdt";
    private static final String TFS = "15,60,240,1440";

    private record Row(String request, String server, String phase, WrkRun.Result r) {
    }

    /** One 10 s slice of a tool's first minute and whether its backfill was still running when it ended. */
    private record Slice(Row row, boolean backfillRunningAtEnd) {
    }

    /** Phase of the hot page's first-minute slices, the same text for both tools (ratios match on it). */
    static String firstMinutePhase(int slice) {
        return "first minute, " + (slice * 10) + "-" + (slice * 10 + 10) + " s";
    }

    private final List<Row> rows = new ArrayList<>();
    private final List<Slice> slices = new ArrayList<>();
    /** Each tool's random-reads row taken during its backfill, if the backfill outlasted its first minute. */
    private final List<Slice> randomDuringBackfill = new ArrayList<>();
    /** False for {@code bench/run first-minute}: CryptoFlow alone, for A/B runs of its start-up. */
    private final boolean withOriginal;

    /** Flags replaced for an A/B run of {@code first-minute} only (compare always measures the launcher's). */
    private final JvmOverrides overrides = JvmOverrides.fromEnvironment();

    CompareWrkScenario(boolean withOriginal) {
        this.withOriginal = withOriginal;
    }

    List<ResultTable> run(BenchContext context) throws Exception {
        if (!WrkRun.available()) {
            ResultTable t = new ResultTable("/api/candles with wrk", "note");
            t.row("wrk not installed (/usr/bin/wrk): rows skipped");
            return List.of(t);
        }
        // first-minute runs this too: its own directory, so `bench/run compare first-minute` does not
        // build its synthetic collector.db into the one compare left (a UNIQUE constraint failure)
        Path dir = context.scratch(withOriginal ? "compare-wrk" : "first-minute-wrk");
        Path data = Files.createDirectories(dir.resolve("data"));
        long newestOpen = Timeframe.M15.openTimeOf(System.currentTimeMillis()) - 86_400_000L;
        SyntheticCollectorDb.build(data.resolve("collector.db"), List.of("BINANCE:XRPUSDT"), Timeframe.M15, newestOpen,
                Long.MAX_VALUE, 2000, CompareScenario.CLUSTER_LEVELS, b -> { });
        Optional<Path> script = OriginalTool.script(context.repoRoot());
        int simPort = FreePort.next();
        String simUrl = "http://127.0.0.1:" + simPort;
        List<String> notes = new ArrayList<>();
        try (ServiceProcess sim = ServiceProcess.startSimulator(context.repoRoot(), dir.resolve("logs"), simPort);
             RssSampler rss = new RssSampler()) {
            if (withOriginal && script.isPresent() && OriginalTool.nodeAvailable()) {
                try (OriginalTool original = OriginalTool.start(script.get(), simUrl, HISTORY_DAYS,
                        Files.createDirectories(dir.resolve("logs")).resolve("original-wrk.log"))) {
                    String base = "http://127.0.0.1:" + original.port;
                    CompareHttp.awaitCandles(base + CompareScenario.PAGE, OriginalTool.startupTimeout());
                    rss.watch("original", () -> original.nodeProcesses().stream().map(ProcessHandle::pid).toList());
                    context.progress("compare (wrk): the original during its backfill");
                    tool(context, dir, "original", base, () -> !original.backfillComplete(), false);
                }
            } else {
                notes.add(withOriginal ? "the original tool was NOT measured (run.sh or node missing)"
                        : "CryptoFlow alone (bench/run first-minute): compare its figures between runs, not to the original");
            }
            try (Stack stack = new Stack(context.repoRoot(), data, dir.resolve("logs"), simUrl)) {
                CompareScenario.launcherJvm(stack);
                if (!withOriginal) {
                    overrides.apply(stack);
                }
                long start = System.nanoTime();
                // a just-started stack: all three at once, no warm-up beyond the API's own (startupWarmup)
                stack.startReplicator(Map.of());
                stack.startCollector(Map.of("CRYPTOFLOW_HISTORY_DAYS", Integer.toString(HISTORY_DAYS), "CRYPTOFLOW_ORDERFLOW", "false"));
                stack.startApi(CompareScenario.LAUNCHER_API_ENV);
                stack.processes().forEach(p -> rss.watch(p.name(), () -> List.of(p.pid())));
                CompareHttp.awaitCandles(stack.apiUrl(CompareScenario.PAGE), Duration.ofMinutes(3));
                notes.add("CryptoFlow's stack answered candles " + Fmt.num((System.nanoTime() - start) / 1e9, 1)
                        + " s after its three services were started together");
                context.progress("compare (wrk): CryptoFlow just started, during its backfill");
                tool(context, dir, "CryptoFlow", stack.apiUrl(""), () -> !stack.backfillComplete(), true);
            }
            ResultTable table = table();
            notes.forEach(table::note);
            table.note("CryptoFlow with bin/cryptoflow's JVM flags and nice levels " + CompareScenario.LAUNCHER_JVM + ", "
                    + CompareScenario.LAUNCHER_NICE + "; its collector: default config.yml with " + CompareScenario.ORIGINAL_SCOPE);
            if (!withOriginal) {
                overrides.notes().forEach(table::note);
            }
            table.note("wrk " + "-t2, 16 connections (1 for the one-connection row), closed loop, " + SLICE.toSeconds()
                    + " s per row; random reads: markets " + MARKETS + ", tf " + TFS + ", before uniform over the last "
                    + WINDOW_DAYS + " days, limit=500 (bench resource wrk/random-reads.lua); each tool started with " + HISTORY_DAYS
                    + " days of history to backfill (the original's default); the machine is shared (2 cores,"
                    + " other work running): compare ratios within this run only");
            rss.peakKb().forEach((name, kb) -> table.note("peak RSS " + name + ": " + Fmt.num(kb / 1024.0, 0) + " MB"));
            return List.of(table);
        }
    }

    /** The rows of one tool: its first minute in slices, random reads during its backfill, then idle. */
    private void tool(BenchContext context, Path dir, String server, String base, BooleanSupplier backfilling,
                      boolean ours) throws Exception {
        URI page = URI.create(base + CompareScenario.PAGE);
        long now = System.currentTimeMillis();
        List<String> randomArgs = List.of(MARKETS, Long.toString(now - WINDOW_DAYS * 86_400_000L), Long.toString(now), TFS);
        // The whole first minute, however soon the backfill ends: a faster machine finished CryptoFlow's
        // 120 days before its first slice, and the slices, taken only while it ran, were left out.
        for (int slice = 0; slice < 6; slice++) {
            Row row = new Row("tf=15 limit=1000", server, firstMinutePhase(slice),
                    wrk(dir, page, 16, List.of(), List.of(), List.of()));
            rows.add(row);
            slices.add(new Slice(row, backfilling.getAsBoolean()));
        }
        if (backfilling.getAsBoolean()) {
            Row row = new Row("random reads, limit=500", server, "backfill",
                    wrk(dir, URI.create(base), 16, List.of(), List.of("random-reads.lua"), randomArgs));
            rows.add(row);
            randomDuringBackfill.add(new Slice(row, backfilling.getAsBoolean()));
        }
        long waitUntil = System.nanoTime() + Duration.ofMinutes(25).toNanos();
        while (backfilling.getAsBoolean() && System.nanoTime() < waitUntil) {
            Thread.sleep(500);
        }
        Thread.sleep(3000); // the writers' last commits
        context.progress("compare (wrk): %s idle", server);
        rows.add(new Row("tf=15 limit=1000", server, "idle", wrk(dir, page, 16, List.of(), List.of(), List.of())));
        rows.add(new Row("random reads, limit=500", server, "idle",
                wrk(dir, URI.create(base), 16, List.of(), List.of("random-reads.lua"), randomArgs)));
        rows.add(new Row("tf=15 limit=1000, Accept-Encoding: gzip", server, "idle",
                wrk(dir, page, 16, CompareScenario.GZIP, List.of(), List.of())));
        rows.add(new Row("tf=15 limit=1000", server, "idle, 1 connection", wrk(dir, page, 1, List.of(), List.of(), List.of())));
        if (ours) {
            URI clusters = URI.create(base + CompareScenario.CLUSTER_PAGE);
            rows.add(new Row("tf=15 limit=1000, 30-level clusters", server, "idle", wrk(dir, clusters, 16, List.of(), List.of(), List.of())));
            rows.add(new Row("tf=15 limit=1000, 30-level clusters, Accept-Encoding: gzip", server, "idle",
                    wrk(dir, clusters, 16, CompareScenario.GZIP, List.of(), List.of())));
        }
    }

    private static WrkRun.Result wrk(Path dir, URI uri, int connections, List<String> headers, List<String> scripts,
                                     List<String> args) throws Exception {
        return WrkRun.run(uri, connections, SLICE, headers, scripts, args, dir.resolve("wrk"));
    }

    private ResultTable table() {
        ResultTable t = new ResultTable("/api/candles with wrk: original tool vs CryptoFlow, same run",
                "request", "server", "phase", "req/s", "p50 ms", "p99 ms", "max ms", "errors", "KB/answer",
                "req/s ÷ original", "original p99 ÷ p99", "p99 ÷ own p50");
        Map<String, Row> theirs = new LinkedHashMap<>();
        for (Row r : rows) {
            if (r.server().equals("original")) {
                theirs.put(r.request() + "|" + r.phase(), r);
            }
        }
        for (Row r : rows) {
            Row o = r.server().equals("original") ? null : theirs.get(r.request() + "|" + r.phase());
            if (o == null && r.request().contains("clusters")) {
                o = theirs.get(r.request().replace(", 30-level clusters", "") + "|" + r.phase());
            }
            t.row(r.request(), r.server(), r.phase(), Fmt.num(r.r().requestsPerSecond(), 0), Fmt.num(r.r().p50Ms(), 2),
                    Fmt.num(r.r().p99Ms(), 1), Fmt.num(r.r().maxMs(), 0), r.r().errors(), Fmt.num(r.r().kbPerAnswer(), 1),
                    o == null ? "" : Fmt.num(r.r().requestsPerSecond() / Math.max(1e-9, o.r().requestsPerSecond()), 2) + "×",
                    o == null ? "" : Fmt.num(o.r().p99Ms() / Math.max(1e-9, r.r().p99Ms()), 2) + "×",
                    Fmt.num(r.r().p99Ms() / Math.max(1e-9, r.r().p50Ms()), 1) + "×");
        }
        firstMinuteNotes().forEach(t::note);
        randomBackfillNotes().forEach(t::note);
        return t;
    }

    /** Per tool, each first-minute slice's p99 ÷ its idle p99 (issue 23: each within 2×) and whether its backfill ran. */
    private List<String> firstMinuteNotes() {
        List<String> notes = new ArrayList<>();
        Map<String, Row> idle = new LinkedHashMap<>();
        rows.stream().filter(r -> r.request().equals("tf=15 limit=1000") && r.phase().equals("idle"))
                .forEach(r -> idle.put(r.server(), r));
        for (Map.Entry<String, Row> e : idle.entrySet()) {
            List<String> parts = new ArrayList<>();
            for (Slice sl : slices) {
                Row r = sl.row();
                if (!r.server().equals(e.getKey())) {
                    continue;
                }
                parts.add(r.phase().substring("first minute, ".length()) + " "
                        + Fmt.num(r.r().p99Ms() / Math.max(1e-9, e.getValue().r().p99Ms()), 2) + "×"
                        + (sl.backfillRunningAtEnd() ? " (backfill running)" : ""));
            }
            notes.add(e.getKey() + "'s first minute, hot page p99 ÷ its idle p99 (" + Fmt.num(e.getValue().r().p99Ms(), 1)
                    + " ms; target ≤ 2×): " + String.join(", ", parts));
        }
        return notes;
    }

    /** Per tool, random reads' p99 during its backfill ÷ idle (issue 23: ≤ 1.2×), or why there is none. */
    private List<String> randomBackfillNotes() {
        List<String> notes = new ArrayList<>();
        for (Row idle : rows) {
            if (!idle.request().startsWith("random reads") || !idle.phase().equals("idle")) {
                continue;
            }
            Slice during = randomDuringBackfill.stream().filter(s -> s.row().server().equals(idle.server()))
                    .findFirst().orElse(null);
            notes.add(idle.server() + "'s random reads, p99 during its backfill ÷ idle (target ≤ 1.2×): " + (during == null
                    ? "not measured (its backfill ended within its first minute)"
                    : Fmt.num(during.row().r().p99Ms() / Math.max(1e-9, idle.r().p99Ms()), 2) + "×, req/s "
                    + Fmt.num(during.row().r().requestsPerSecond() / Math.max(1e-9, idle.r().requestsPerSecond()), 2)
                    + "× idle" + (during.backfillRunningAtEnd() ? "" : " (the backfill ended during the row)")));
        }
        return notes;
    }
}
