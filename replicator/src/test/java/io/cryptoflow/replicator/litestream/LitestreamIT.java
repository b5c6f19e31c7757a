package io.cryptoflow.replicator.litestream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import io.cryptoflow.common.SqliteConnections;
import io.cryptoflow.common.Timeframe;
import io.cryptoflow.replicator.core.ConsistencyReport;
import io.cryptoflow.replicator.core.ReplicationMetrics;
import io.cryptoflow.replicator.core.ReplicationStatus;
import io.cryptoflow.replicator.core.ReplicationStrategy;
import io.cryptoflow.replicator.db.ConsistencyChecker;
import io.cryptoflow.replicator.db.SourceAttachment;
import io.cryptoflow.replicator.support.CollectorFixture;
import io.cryptoflow.replicator.support.ReplicaSnapshotReader;
import io.cryptoflow.replicator.support.SqliteFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real Litestream binary with the repository's litestream.yml against a collector.db
 * that is being written, restores it into new files, and checks integrity and row equality.
 */
class LitestreamIT {

    private static final int ROWS_PER_REV = 10;

    @TempDir
    Path dataDir;

    private Path binary;

    @BeforeEach
    void findBinary() {
        Optional<Path> found = LitestreamBinary.find();
        if (found.isEmpty()) {
            if (LitestreamBinary.required()) {
                fail("CRYPTOFLOW_REQUIRE_LITESTREAM is set but no litestream binary was found "
                        + "(LITESTREAM_BIN, <repo>/.tools/litestream/litestream, PATH)");
            }
            Assumptions.abort("litestream binary not found; set CRYPTOFLOW_REQUIRE_LITESTREAM=1 to make this a failure");
        }
        binary = found.get();
    }

    @Test
    void restoresCollectorDbReplicatedWhileTheCollectorWritesIntactAndRowForRowEqual() throws Exception {
        Path collectorDb = dataDir.resolve("collector.db");
        Path config = LitestreamBinary.repoRoot().resolve("litestream.yml");
        try (CollectorFixture collector = new CollectorFixture(collectorDb, ROWS_PER_REV, 40)) {
            collector.commitBatch(200);
            Process litestream = start(List.of(binary.toString(), "replicate", "-config", config.toString()),
                    dataDir.resolve("litestream-replicate.log"));
            try {
                AtomicBoolean writing = new AtomicBoolean(true);
                AtomicReference<Throwable> writerError = new AtomicReference<>();
                Thread writer = new Thread(() -> {
                    try {
                        while (writing.get()) {
                            collector.commitBatch();
                            Thread.sleep(10);
                        }
                    } catch (Throwable t) {
                        writerError.set(t);
                    }
                }, "collector-writer");
                writer.start();
                Thread.sleep(2500);

                // a restore taken while the collector is still writing: some committed state, whole
                Path midway = restore(config, collectorDb, "restored-midway.db");
                assertThat(SqliteFiles.integrityCheck(midway)).isEqualTo("ok");
                long midRev = ReplicaSnapshotReader.revision(midway);
                assertThat(midRev).isPositive();
                assertThat(ReplicaSnapshotReader.violation(midway, ROWS_PER_REV)).isNull();

                writing.set(false);
                writer.join();
                assertThat(writerError.get()).isNull();
                long finalRev = collector.rev();
                assertThat(finalRev).isGreaterThan(midRev);
                assertEveryCollectorRowUpToEquals(collectorDb, midway, midRev);

                AtomicInteger attempt = new AtomicInteger();
                AtomicReference<Path> latest = new AtomicReference<>();
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    Path p = restore(config, collectorDb, "restored-final-" + attempt.incrementAndGet() + ".db");
                    latest.set(p);
                    return ReplicaSnapshotReader.revision(p) == finalRev;
                });
                Path restored = latest.get();
                assertThat(SqliteFiles.integrityCheck(restored)).isEqualTo("ok");
                assertThat(SqliteFiles.queryLong(restored, "SELECT count(*) FROM " + Timeframe.M15.table()))
                        .isEqualTo(finalRev * ROWS_PER_REV);
                ConsistencyReport full = compareFully(restored, collectorDb);
                assertThat(full.consistent()).as(full.toString()).isTrue();
                assertThat(full.rowsCompared()).isGreaterThan(finalRev * ROWS_PER_REV);
            } finally {
                litestream.destroy();
                litestream.waitFor(10, TimeUnit.SECONDS);
            }
        }
        String log = Files.readString(dataDir.resolve("litestream-replicate.log"));
        assertThat(log).contains("replicating to").doesNotContain("level=ERROR");
    }

    /** Every collector row stamped rev <= position is present, identical, in the restored file. */
    private static void assertEveryCollectorRowUpToEquals(Path collectorDb, Path restored, long position) throws Exception {
        try (Connection c = SqliteConnections.openReadOnly(restored)) {
            SourceAttachment.attach(c, collectorDb);
            List<String> missing = new ArrayList<>();
            long compared = 0;
            for (Timeframe tf : Timeframe.values()) {
                String t = tf.table();
                try (PreparedStatement ps = c.prepareStatement("SELECT (SELECT count(*) FROM src." + t + " WHERE rev <= ?), "
                        + "(SELECT count(*) FROM (SELECT * FROM src." + t + " WHERE rev <= ? EXCEPT SELECT * FROM main." + t + "))")) {
                    ps.setLong(1, position);
                    ps.setLong(2, position);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        compared += rs.getLong(1);
                        if (rs.getLong(2) != 0) {
                            missing.add(t + ": " + rs.getLong(2) + " rows differ");
                        }
                    }
                }
            }
            assertThat(missing).isEmpty();
            assertThat(compared).isGreaterThan(position * ROWS_PER_REV - ROWS_PER_REV);
        }
    }

    private static ConsistencyReport compareFully(Path restored, Path collectorDb) throws Exception {
        ReplicationMetrics metrics = new ReplicationMetrics(new MetricRegistry(), new ReplicationStatus(ReplicationStrategy.INCREMENTAL));
        try (Connection c = SqliteConnections.openReadOnly(restored)) {
            return new ConsistencyChecker(metrics).compareAttached(c, collectorDb, -1, true);
        }
    }

    private Path restore(Path config, Path db, String name) throws Exception {
        Path out = dataDir.resolve(name);
        Process p = start(List.of(binary.toString(), "restore", "-config", config.toString(), "-o", out.toString(),
                db.toString()), dataDir.resolve(name + ".log"));
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dataDir.resolve(name + ".log"))).isZero();
        return out;
    }

    private Process start(List<String> command, Path log) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("CRYPTOFLOW_DATA_DIR", dataDir.toString());
        return pb.start();
    }
}
