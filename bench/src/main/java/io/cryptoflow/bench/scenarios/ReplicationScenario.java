package io.cryptoflow.bench.scenarios;

import io.cryptoflow.bench.BenchContext;
import io.cryptoflow.bench.db.ReplicaObserver;
import io.cryptoflow.bench.db.SyntheticCollectorDb;
import io.cryptoflow.bench.db.UpsertLoad;
import io.cryptoflow.bench.load.Latencies;
import io.cryptoflow.bench.process.ProcStats;
import io.cryptoflow.bench.report.Fmt;
import io.cryptoflow.bench.report.ResultTable;
import io.cryptoflow.bench.replication.ReplicatorBenchChild;
import io.cryptoflow.common.Timeframe;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Replication lag and write amplification per strategy and collector.db size, under a steady
 * write load of 200 candle upserts/s with clusters. The replicator's own classes run in a child
 * JVM ({@link ReplicatorBenchChild}) so its written bytes are its alone; lag is what a reader of
 * api.db sees: from the commit in collector.db to {@code cf_replica.source_rev} covering it.
 */
public final class ReplicationScenario implements Scenario {

    static final List<String> SYMBOLS = List.of("BINANCE:BTCUSDT", "BINANCE:ETHUSDT", "BINANCE:SOLUSDT",
            "BINANCE:BNBUSDT");
    static final int UPSERTS_PER_SECOND = 200;
    static final int CLUSTER_LEVELS = 20;

    @Override
    public String name() {
        return "replication";
    }

    @Override
    public List<ResultTable> run(BenchContext context) throws Exception {
        Duration duration = context.options().full() ? Duration.ofSeconds(60) : Duration.ofSeconds(30);
        ResultTable t = new ResultTable("Replication under " + UPSERTS_PER_SECOND + " candle upserts/s with clusters ("
                + duration.toSeconds() + " s per run)",
                "collector.db", "strategy", "upserts", "lag p50 ms", "lag p99 ms", "lag max ms", "replicator p50/p99 ms",
                "written MB/min", "written ÷ changed", "written ÷ collector writes", "api.db+WAL ÷ collector.db",
                "consistent after stop");
        for (int sizeMb : context.options().sizesMb()) {
            Path dir = context.scratch("replication-" + sizeMb + "mb");
            Path pristine = dir.resolve("pristine.db");
            long newestOpen = Timeframe.M15.openTimeOf(System.currentTimeMillis());
            long started = System.nanoTime();
            SyntheticCollectorDb.Built built = SyntheticCollectorDb.build(pristine, SYMBOLS, Timeframe.M15, newestOpen,
                    sizeMb * 1024L * 1024L, Long.MAX_VALUE, CLUSTER_LEVELS,
                    b -> { });
            context.progress("replication: built %s (%d rows) in %.1f s", Fmt.mb(built.bytes()), built.rows(),
                    (System.nanoTime() - started) / 1e9);
            for (String strategy : List.of("snapshot", "incremental")) {
                Path run = dir.resolve(strategy);
                deleteDir(run);
                Files.createDirectories(run);
                Path source = run.resolve("collector.db");
                Files.copy(pristine, source, StandardCopyOption.REPLACE_EXISTING);
                Path target = run.resolve("api.db");
                t.row(runOne(context, source, target, strategy, built, duration));
            }
            deleteDir(dir);
        }
        t.note("lag: collector.db commit → cf_replica.source_rev covering it, as seen by a reader polling api.db every 1 ms;"
                + " 'replicator p50/p99' is the replicator's own cryptoflow.replicator.lag.ms histogram");
        t.note("written: bytes the replicator process passed to write()/pwrite() (/proc/pid/io wchar) during the load,"
                + " bootstrap excluded; changed: payload bytes of the upserted rows (9 numbers × 8 B + symbol + clusters JSON);"
                + " collector writes: wchar of the writing process over the same time");
        t.note("load: every 50 ms one transaction (rev bump + 10 upserts: 4 forming candles, 1 new candle, 5 older rows"
                + " anywhere in the file), " + CLUSTER_LEVELS + " cluster levels per row");
        return List.of(t);
    }

    private Object[] runOne(BenchContext context, Path source, Path target, String strategy, SyntheticCollectorDb.Built built,
                            Duration duration) throws Exception {
        Path jar = context.repoRoot().resolve("bench/target/bench.jar");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", jar.toString(), ReplicatorBenchChild.class.getName(), source.toString(), target.toString(), strategy)
                .redirectError(ProcessBuilder.Redirect.appendTo(source.resolveSibling("replicator-child.log").toFile()))
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            Map<String, String> said = new HashMap<>();
            expect(out, said, "READY");
            long bootstrapRev = Long.parseLong(said.get("READY"));
            context.progress("replication: %s at %s bootstrapped (rev %d); %d s of load", strategy,
                    Fmt.mb(built.bytes()), bootstrapRev, duration.toSeconds());
            long self = ProcessHandle.current().pid();
            long childWrittenBefore = ProcStats.writtenBytes(child.pid());
            long selfWrittenBefore = ProcStats.writtenBytes(self);
            UpsertLoad load = new UpsertLoad(source, SYMBOLS, Timeframe.M15, built.newestTime(),
                    built.rows() / SYMBOLS.size(), UPSERTS_PER_SECOND, CLUSTER_LEVELS);
            ReplicaObserver observer = new ReplicaObserver(target, bootstrapRev, load::committedAtNanos);
            observer.awaitFirstRead();
            long loadStart = System.nanoTime();
            load.start();
            Thread.sleep(duration.toMillis());
            load.stop();
            double minutes = (System.nanoTime() - loadStart) / 60e9;
            long selfWritten = ProcStats.writtenBytes(self) - selfWrittenBefore;
            Writer in = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8);
            in.write("STOP\n");
            in.flush();
            expect(out, said, "DONE");
            long childWritten = Long.parseLong(said.get("WRITTEN")) - childWrittenBefore;
            observer.close();
            load.close();
            child.waitFor(60, TimeUnit.SECONDS);
            Latencies lag = observer.lagMicros();
            String[] ownLag = said.getOrDefault("LAG", "NaN NaN 0").split(" ");
            long replicaBytes = Files.size(target) + sizeIfExists(target.resolveSibling("api.db-wal"));
            long sourceBytes = Files.size(source);
            String verify = said.getOrDefault("VERIFY", "missing");
            context.progress("replication: %s done: %s; %s", strategy, verify, said.get("SNAPSHOTS"));
            return new Object[] {Fmt.mb(built.bytes()), strategy, load.upserts(), lag.percentile(50) / 1000.0,
                    lag.percentile(99) / 1000.0, lag.max() / 1000.0,
                    Fmt.num(Double.parseDouble(ownLag[0]), 0) + " / " + Fmt.num(Double.parseDouble(ownLag[1]), 0),
                    childWritten / 1024.0 / 1024.0 / minutes, Fmt.ratio((double) childWritten / load.payloadBytes()),
                    Fmt.ratio((double) childWritten / selfWritten), Fmt.ratio((double) replicaBytes / sourceBytes),
                    verify.startsWith("true") ? "yes" : "NO: " + verify};
        } finally {
            if (child.isAlive()) {
                child.destroyForcibly().waitFor();
            }
        }
    }

    private static void expect(BufferedReader out, Map<String, String> said, String key) throws IOException {
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("BENCH ")) {
                String rest = line.substring(6);
                int space = rest.indexOf(' ');
                said.put(space < 0 ? rest : rest.substring(0, space), space < 0 ? "" : rest.substring(space + 1));
                if (rest.startsWith(key)) {
                    return;
                }
            }
        }
        throw new IllegalStateException("replicator child ended before " + key + "; see replicator-child.log");
    }

    private static long sizeIfExists(Path p) throws IOException {
        return Files.exists(p) ? Files.size(p) : 0;
    }

    private static void deleteDir(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
