package io.cryptoflow.collector.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.health.HealthCheck;
import io.cryptoflow.common.CandleSchema;
import io.cryptoflow.common.RepoRoot;
import io.cryptoflow.common.SqliteConnections;
import io.cryptoflow.common.Timeframe;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Litestream replicating a collector.db that is being written to S3Proxy with the
 * repository's litestream-s3.yml; restores from the S3 replica; the restore drill passes on the
 * healthy backup, turns red when the object store is down or a backup object is corrupted, and
 * green again after recovery.
 */
class BackupDrillS3IT {

    private static final String BUCKET = "cryptoflow-backups";

    @TempDir
    Path dir;

    private Path litestream;
    private S3ProxyProcess s3;
    private Process replicate;
    private Path dataDir;
    private Path db;
    private Map<String, String> env;
    private long rev;

    @BeforeEach
    void start() throws Exception {
        litestream = LitestreamBinary.required();
        assertThat(S3ProxyProcess.jar()).as("copied by maven-dependency-plugin before the ITs").exists();
        s3 = new S3ProxyProcess(dir, freePort());
        s3.start();
        s3.createBucket(BUCKET);

        dataDir = Files.createDirectories(dir.resolve("data"));
        db = dataDir.resolve("collector.db");
        env = new HashMap<>(System.getenv());
        env.put("CRYPTOFLOW_DATA_DIR", dataDir.toString());
        s3.putBackupEnv(env, BUCKET, "cryptoflow/collector");

        try (Connection c = SqliteConnections.openWriter(db)) {
            CandleSchema.apply(c);
        }
        writeBatches(20);
        ProcessBuilder pb = new ProcessBuilder(litestream.toString(), "replicate", "-config", config().toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("replicate.log").toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        replicate = pb.start();
        // the collector keeps writing while Litestream ships the WAL
        for (int i = 0; i < 20; i++) {
            writeBatches(1);
            Thread.sleep(100);
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (replicate != null) {
            replicate.destroy();
            replicate.waitFor(10, TimeUnit.SECONDS);
        }
        if (s3 != null) {
            s3.stop();
        }
    }

    @Test
    void restoresEveryRowFromS3AndTheDrillPassesWithTheBackupLagReported() throws Exception {
        DrillStatus status = new DrillStatus();
        BackupDrill drill = drill(status);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> drill.runOnce().good());
        assertThat(status.last().summary()).contains("restored and checked file, s3");
        assertThat(health(status).isHealthy()).as(health(status).getMessage()).isTrue();

        drill.probeLag();
        assertThat(status.lagMillis()).containsOnlyKeys("file", "s3");
        assertThat(status.maxLagMillis().getAsLong()).isLessThan(5000);

        // Once the writes stopped, a restore from S3 alone holds every row, identical.
        Path restored = dir.resolve("restored.db");
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            Files.deleteIfExists(restored);
            LitestreamCli.Outcome out = cli().restore(db, "s3", restored, Duration.ofSeconds(60));
            return out.succeeded() && rowsDiffering(restored) == 0;
        });
        assertThat(RestoredFileCheck.check(restored, line -> { })).isEmpty();
        assertThat(count(restored)).isEqualTo(rev * 10);
    }

    @Test
    void theDrillTurnsRedWhenTheObjectStoreIsDownOrABackupObjectIsCorruptAndGreenAfterRecovery() throws Exception {
        DrillStatus status = new DrillStatus();
        BackupDrill drill = drill(status);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> drill.runOnce().good());

        s3.stop();
        assertThat(drill.runOnce().good()).isFalse();
        assertThat(status.last().summary()).startsWith("s3: restore failed").contains("(good: file)");
        assertThat(health(status).isHealthy()).isFalse();

        s3.start();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> drill.runOnce().good());
        assertThat(health(status).isHealthy()).isTrue();

        // Every snapshot object in the bucket overwritten with garbage.
        List<Path> snapshots;
        try (Stream<Path> files = Files.walk(s3.bucketDir(BUCKET))) {
            snapshots = files.filter(p -> p.toString().endsWith(".snapshot.lz4")).toList();
        }
        assertThat(snapshots).isNotEmpty();
        for (Path p : snapshots) {
            Files.write(p, "not an lz4 frame".getBytes());
        }
        DrillStatus.Drill broken = drill.runOnce();
        assertThat(broken.good()).as(broken.summary()).isFalse();
        assertThat(broken.summary()).startsWith("s3: ");
        assertThat(health(status).isHealthy()).isFalse();

        // Recovery: the objects gone, Litestream writes a new generation with a fresh snapshot.
        deleteTree(s3.bucketDir(BUCKET).resolve("cryptoflow"));
        replicate.destroy();
        replicate.waitFor(10, TimeUnit.SECONDS);
        ProcessBuilder pb = new ProcessBuilder(litestream.toString(), "replicate", "-config", config().toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("replicate.log").toFile()));
        pb.environment().clear();
        pb.environment().putAll(env);
        replicate = pb.start();
        writeBatches(1);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> drill.runOnce().good());
        assertThat(health(status).isHealthy()).isTrue();
    }

    private BackupDrill drill(DrillStatus status) {
        return new BackupDrill(cli(), config(), db, dir.resolve("scratch"), Duration.ofSeconds(60), status, System::currentTimeMillis);
    }

    private HealthCheck.Result health(DrillStatus status) {
        return new BackupDrillHealthCheck(status, Duration.ofHours(1).toMillis(), System::currentTimeMillis).execute();
    }

    private LitestreamCli cli() {
        return new LitestreamCli(litestream, config(), env);
    }

    private static Path config() {
        return RepoRoot.find().resolve("litestream-s3.yml");
    }

    /** Writes {@code batches} revisions of ten 15m candles each, as the collector would. */
    private void writeBatches(int batches) throws Exception {
        try (Connection c = SqliteConnections.openWriter(db)) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + Timeframe.M15.table()
                    + " (symbol, time, open, high, low, close, volume, rev) VALUES (?, ?, 1, 2, 0.5, 1.5, 10, ?)")) {
                for (int b = 0; b < batches; b++) {
                    rev++;
                    for (int i = 0; i < 10; i++) {
                        ps.setString(1, "BINANCE:SYM" + i);
                        ps.setLong(2, rev * 900_000L);
                        ps.setLong(3, rev);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                    c.commit();
                }
            }
        }
    }

    private long rowsDiffering(Path restored) throws Exception {
        try (Connection c = SqliteConnections.openReadOnly(restored); Statement s = c.createStatement()) {
            s.execute("ATTACH DATABASE 'file:" + db + "?mode=ro' AS live");
            String t = Timeframe.M15.table();
            try (ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM (SELECT * FROM live." + t + " EXCEPT SELECT * FROM main." + t
                    + ")) + (SELECT count(*) FROM (SELECT * FROM main." + t + " EXCEPT SELECT * FROM live." + t + "))")) {
                return rs.getLong(1);
            }
        }
    }

    private static long count(Path file) throws Exception {
        try (Connection c = SqliteConnections.openReadOnly(file); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM " + Timeframe.M15.table())) {
            return rs.getLong(1);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
