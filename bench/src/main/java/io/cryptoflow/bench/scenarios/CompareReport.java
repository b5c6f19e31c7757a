package io.cryptoflow.bench.scenarios;

import static io.cryptoflow.bench.scenarios.CompareScenario.CLUSTER_PAGE;
import static io.cryptoflow.bench.scenarios.CompareScenario.CONNECTIONS;
import static io.cryptoflow.bench.scenarios.CompareScenario.PAGE;
import static io.cryptoflow.bench.scenarios.CompareScenario.ROUND;

import io.cryptoflow.bench.BenchContext;
import io.cryptoflow.bench.load.HttpLoad;
import io.cryptoflow.bench.load.LoadTotals;
import io.cryptoflow.bench.load.RssSampler;
import io.cryptoflow.bench.process.NginxTier;
import io.cryptoflow.bench.process.Stack;
import io.cryptoflow.bench.report.Fmt;
import io.cryptoflow.bench.report.ResultTable;
import io.cryptoflow.common.Timeframe;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The compare run's tables: the rounds' rows with their ratios to the original, the cross-coding
 * note, the one-connection and nginx cache tier rows measured after the rounds, and peak RSS.
 */
final class CompareReport {

    private CompareReport() {
    }

    static ResultTable table(List<CompareTarget> targets, Map<CompareTarget, LoadTotals> busy, Map<CompareTarget, LoadTotals> idle,
                                     boolean withOriginal) {
        ResultTable t = new ResultTable("/api/candles: original tool vs CryptoFlow, " + CONNECTIONS
                + " connections, same run", "request", "server", "phase", "measured s", "req/s", "p50 ms", "p99 ms",
                "errors", "KB/answer", "req/s ÷ original", "original p99 ÷ p99", "p99 backfill ÷ idle");
        for (CompareTarget target : targets) {
            CompareTarget base = withOriginal ? target.base() : null;
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
    static void crossCoding(ResultTable t, List<CompareTarget> targets, Map<CompareTarget, LoadTotals> busy,
                                    Map<CompareTarget, LoadTotals> idle) {
        CompareTarget theirs = targets.stream().filter(x -> x.server().equals("original") && x.headers().isEmpty())
                .findFirst().orElse(null);
        CompareTarget ours = targets.stream().filter(x -> !x.headers().isEmpty() && x.uri().toString().endsWith(CLUSTER_PAGE))
                .findFirst().orElse(null);
        for (Map<CompareTarget, LoadTotals> phase : List.of(busy, idle)) {
            LoadTotals o = theirs == null ? null : phase.get(theirs);
            LoadTotals c = ours == null ? null : phase.get(ours);
            if (o != null && c != null && o.requests() > 0 && c.requests() > 0) {
                t.note((phase == busy ? "backfill" : "idle") + ": CryptoFlow clusters with gzip ÷ original identity"
                        + " without clusters, req/s: " + Fmt.ratio(c.requestsPerSecond() / o.requestsPerSecond()));
            }
        }
    }

    static void singleConnection(ResultTable t, List<CompareTarget> targets, BenchContext context) throws InterruptedException {
        context.progress("compare: one connection, idle");
        HttpLoad one = new HttpLoad(1);
        // the plain identity request of each server, as before
        for (CompareTarget target : targets.stream().filter(x -> x.headers().isEmpty() && x.rate() == 0 && x.uri().toString().endsWith(PAGE)).toList()) {
            HttpLoad.Result r = one.run(target.server(), target.uri(), Duration.ofSeconds(1), Duration.ofSeconds(5), () -> true);
            t.row(target.request(), target.server(), "idle, 1 connection", r.seconds(), r.requestsPerSecond(),
                    r.p50Millis(), r.p99Millis(), r.errors(), r.avgBodyKb(), "", "", "");
        }
    }

    static void nginx(ResultTable t, BenchContext context, Stack stack, Path dir, RssSampler rss, int rounds)
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

    static ResultTable rssTable(Map<String, Long> peakKb) {
        ResultTable t = new ResultTable("Peak RSS per service during the compare run (sampled every 0.5 s)",
                "service", "peak RSS MB", "≤ 256 MB");
        peakKb.forEach((name, kb) -> t.row(name, kb / 1024.0, kb / 1024.0 <= 256 ? "yes" : "NO"));
        return t;
    }
}
