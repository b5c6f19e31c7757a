package io.cryptoflow.bench.scenarios;

import io.cryptoflow.bench.BenchContext;
import io.cryptoflow.bench.db.SyntheticCollectorDb;
import io.cryptoflow.bench.db.UpsertLoad;
import io.cryptoflow.bench.load.Latencies;
import io.cryptoflow.bench.process.LitestreamProcess;
import io.cryptoflow.bench.process.ObjectStore;
import io.cryptoflow.bench.report.Fmt;
import io.cryptoflow.bench.report.MachineInfo;
import io.cryptoflow.bench.report.ResultTable;
import io.cryptoflow.collector.backup.Generations;
import io.cryptoflow.collector.backup.LitestreamCli;
import io.cryptoflow.common.Timeframe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Backup lag under the replication scenario's write load: Litestream replicating collector.db with
 * the stack's own litestream-s3.yml to its file replica and to S3Proxy (an S3 API on a local
 * directory), sampled once a second the way the collector's metric
 * {@code cryptoflow.collector.backup.lag-seconds} reads it ({@code litestream generations}, parsed
 * by the collector's {@link Generations}). Target: at most 5 s. Also counts Litestream's failed
 * syncs and how much of the time the writer held collector.db's write lock: Litestream 0.3.13's
 * checkpoint needs that lock within its 1 s busy timeout, and a sync whose checkpoint fails ships nothing.
 */
public final class BackupScenario implements Scenario {

    private static final List<String> REPLICAS = List.of("file", "s3");
    private static final long TARGET_MS = 5_000;
    private static final long SIZE_MB = 100;
    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(1);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);
    /** The replication scenario's rate (more rates: more rows; each run on a fresh copy). */
    private static final List<Integer> RATES = List.of(ReplicationScenario.UPSERTS_PER_SECOND);

    /** One rate's samples per replica, and what the load and Litestream did. */
    private record Run(Map<String, Latencies> lags, Map<String, Integer> missed, long upserts, long failures, long syncErrors,
                       double writerBusyPercent) {
    }

    @Override
    public String name() {
        return "backup";
    }

    @Override
    public List<ResultTable> run(BenchContext context) throws Exception {
        String loadBefore = MachineInfo.loadAverage();
        Duration duration = context.options().full() ? Duration.ofSeconds(300) : Duration.ofSeconds(60);
        Path dir = context.scratch("backup");
        Path pristine = dir.resolve("pristine.db");
        SyntheticCollectorDb.Built built = SyntheticCollectorDb.build(pristine, ReplicationScenario.SYMBOLS, Timeframe.M15,
                Timeframe.M15.openTimeOf(System.currentTimeMillis()), SIZE_MB * 1024 * 1024, Long.MAX_VALUE,
                ReplicationScenario.CLUSTER_LEVELS, b -> { });
        context.progress("backup: built %s (%d rows)", Fmt.mb(built.bytes()), built.rows());
        ResultTable t = new ResultTable("Backup lag under candle upserts with clusters (Litestream, litestream-s3.yml, "
                + duration.toSeconds() + " s)",
                "upserts/s", "replica", "samples", "unreadable", "lag p50 s", "lag p99 s", "lag max s",
                "Litestream sync errors", "writer in a transaction", "target", "met");
        List<String> loads = new ArrayList<>();
        try (ObjectStore s3 = ObjectStore.start(context.repoRoot(), Files.createDirectories(dir.resolve("s3")), "cryptoflow-bench")) {
            for (int rate : RATES) {
                Run run = runOne(context, s3, dir.resolve(rate + "-per-s"), pristine, built, rate, duration);
                for (String replica : REPLICAS) {
                    Latencies l = run.lags().getOrDefault(replica, new Latencies());
                    int unreadable = run.missed().getOrDefault(replica, 0);
                    boolean met = l.count() > 0 && l.max() <= TARGET_MS && unreadable == 0;
                    t.row(rate, replica, l.count(), unreadable, l.percentile(50) / 1000.0, l.percentile(99) / 1000.0,
                            l.max() / 1000.0, run.syncErrors(), Fmt.num(run.writerBusyPercent(), 0) + " %",
                            "≤ " + TARGET_MS / 1000 + " s", met ? "yes" : "NO");
                }
                loads.add(rate + "/s: " + run.upserts() + " upserts committed, " + run.failures() + " failed");
            }
        }
        t.note("lag: what the collector's metric cryptoflow.collector.backup.lag-seconds reports, read the same way"
                + " (`litestream generations`, parsed by the collector's backup.Generations): how far the newest WAL"
                + " position in the replica is behind collector.db's last write, once a second during the load");
        t.note("Litestream sync errors: `sync error` lines in its log during the load (`checkpoint: mode=PASSIVE|RESTART"
                + " err=database is locked`: once the WAL passes 1000 pages every sync checkpoints and then writes"
                + " `_litestream_seq`, which needs the write lock within Litestream's fixed 1 s busy timeout; a failed sync"
                + " notifies no replica, so nothing is shipped until one succeeds)");
        t.note("writer in a transaction: share of the load's wall time the writer spent between BEGIN IMMEDIATE and"
                + " COMMIT (holding the write lock)");
        t.note("load as the replication scenario's (every 50 ms one transaction of 10 upserts; autocommit with explicit"
                + " BEGIN IMMEDIATE/COMMIT, as the collector's writer), on a copy of a " + Fmt.mb(built.bytes())
                + " collector.db: " + String.join("; ", loads)
                + "; Litestream v0.3.13 with the repository's litestream-s3.yml (sync-interval 1s for both replicas);"
                + " S3: S3Proxy (filesystem backend) on 127.0.0.1");
        t.note("load average before / after: " + loadBefore + " / " + MachineInfo.loadAverage()
                + " (2 cores shared with other work on this machine)");
        return List.of(t);
    }

    private Run runOne(BenchContext context, ObjectStore s3, Path dir, Path pristine, SyntheticCollectorDb.Built built,
                       int rate, Duration duration) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path db = data.resolve("collector.db");
        Files.copy(pristine, db, StandardCopyOption.REPLACE_EXISTING);
        Path config = context.repoRoot().resolve("litestream-s3.yml");
        Path binary = LitestreamProcess.binary(context.repoRoot());
        Path log = dir.resolve("litestream.log");
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("CRYPTOFLOW_DATA_DIR", data.toString());
        s3.putBackupEnv(env, "cryptoflow/" + dir.getFileName());
        LitestreamCli cli = new LitestreamCli(binary, config, env);
        Map<String, Latencies> lags = new LinkedHashMap<>();
        Map<String, Integer> missed = new HashMap<>();
        UpsertLoad load;
        long syncErrors;
        long loadNanos;
        try (LitestreamProcess ignored = LitestreamProcess.replicate(binary, config, cli.environment(), log)) {
            long snapshotted = awaitEveryReplica(cli, db);
            context.progress("backup %d/s: first snapshot in both replicas after %.1f s; %d s of load, lag sampled every %d s",
                    rate, snapshotted / 1e9, duration.toSeconds(), SAMPLE_EVERY.toSeconds());
            long syncErrorsBefore = syncErrors(log);
            load = new UpsertLoad(db, ReplicationScenario.SYMBOLS, Timeframe.M15, built.newestTime(),
                    built.rows() / ReplicationScenario.SYMBOLS.size(), rate, ReplicationScenario.CLUSTER_LEVELS);
            long loadStart = System.nanoTime();
            load.start();
            long end = loadStart + duration.toNanos();
            for (long next = loadStart; next < end; next += SAMPLE_EVERY.toNanos()) {
                Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
                Map<String, Long> sample = lagMillis(cli, db);
                for (String replica : REPLICAS) {
                    Long lag = sample.get(replica);
                    if (lag == null) {
                        missed.merge(replica, 1, Integer::sum);
                    } else {
                        lags.computeIfAbsent(replica, r -> new Latencies()).add(lag);
                    }
                }
            }
            load.stop();
            loadNanos = System.nanoTime() - loadStart;
            syncErrors = syncErrors(log) - syncErrorsBefore;
        }
        load.close();
        double writerBusy = 100.0 * load.lockedNanos() / loadNanos;
        context.progress("backup %d/s: done, %d Litestream sync errors, writer in a transaction %.0f %% of the time", rate,
                syncErrors, writerBusy);
        return new Run(lags, missed, load.upserts(), load.failures(), syncErrors, writerBusy);
    }

    private static long syncErrors(Path log) throws java.io.IOException {
        try (var lines = Files.lines(log)) {
            return lines.filter(l -> l.contains("msg=\"sync error\"")).count();
        }
    }

    /** Waits for each replica's first snapshot (a generation appears); returns the nanoseconds it took. */
    private static long awaitEveryReplica(LitestreamCli cli, Path db) throws Exception {
        long start = System.nanoTime();
        long deadline = start + Duration.ofMinutes(5).toNanos();
        while (!lagMillis(cli, db).keySet().containsAll(REPLICAS)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no snapshot in every replica within 5 min; see litestream.log");
            }
            Thread.sleep(500);
        }
        return System.nanoTime() - start;
    }

    private static Map<String, Long> lagMillis(LitestreamCli cli, Path db) throws Exception {
        LitestreamCli.Outcome out = cli.generations(db, PROBE_TIMEOUT);
        return out.succeeded() ? Generations.lagMillisByReplica(out.output()) : Map.of();
    }
}
