package io.cryptoflow.replicator.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import io.cryptoflow.common.SqliteConnections;
import io.cryptoflow.replicator.core.ReplicationMetrics;
import io.cryptoflow.replicator.core.ReplicationStatus;
import io.cryptoflow.replicator.core.ReplicationStrategy;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

class WalCheckpointerTest {

    /** Restart at 64 KiB of WAL: the few hundred KB written below are past it. */
    private static final long RESTART_AT = 64 * 1024;

    @TempDir
    Path dir;

    private Connection writer(Path db) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(SqliteConnections.BUSY_TIMEOUT_MS);
        Connection c = config.createConnection(SqliteConnections.url(db));
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_autocheckpoint = 0");
            s.execute("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, v BLOB)");
        }
        return c;
    }

    private static void write(Connection c, int rows) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + rows
                    + ") INSERT INTO t (v) SELECT randomblob(1000) FROM n");
        }
    }

    /** The WAL header's salt: a restarted WAL gets a new one. */
    private static long walSalt(Path db) throws IOException {
        try (FileChannel ch = FileChannel.open(db.resolveSibling(db.getFileName() + "-wal"), StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(8);
            ch.read(b, 16);
            return b.flip().getLong();
        }
    }

    private WalCheckpointer checkpointer(Path db, ReplicationMetrics metrics) {
        return new WalCheckpointer(db, Duration.ofHours(1), metrics, new WalMeter(db), RESTART_AT);
    }

    private static ReplicationMetrics metrics() {
        return new ReplicationMetrics(new MetricRegistry(), new ReplicationStatus(ReplicationStrategy.INCREMENTAL));
    }

    @Test
    void aRestartRunsBetweenTwoAppliesInTheWritersTurn() throws Exception {
        Path db = dir.resolve("api.db");
        ReplicationMetrics metrics = metrics();
        try (Connection c = writer(db); WalCheckpointer checkpointer = checkpointer(db, metrics)) {
            write(c, 300); // ~300 frames: past RESTART_AT
            long salt = walSalt(db);
            checkpointer.applied();
            Lock turn = checkpointer.writeTurn();
            turn.lock(); // the writer is in an apply
            CompletableFuture<Void> run;
            try {
                run = CompletableFuture.runAsync(checkpointer::runOnce);
                Thread.sleep(100);
                assertThat(run).isNotDone(); // the PASSIVE passes ran; the RESTART waits for the turn
            } finally {
                turn.unlock();
            }
            run.get(5, TimeUnit.SECONDS);
            assertThat(metrics.checkpointDuration.getCount()).isEqualTo(1);
            assertThat(turn.tryLock()).isTrue(); // the RESTART gave the turn back
            turn.unlock();
            write(c, 1);
            assertThat(walSalt(db)).isNotEqualTo(salt);
        }
    }

    @Test
    void aRestartDoesNotWaitLongForAnApplyThatHoldsTheTurn() throws Exception {
        Path db = dir.resolve("api.db");
        ReplicationMetrics metrics = metrics();
        try (Connection c = writer(db); WalCheckpointer checkpointer = checkpointer(db, metrics)) {
            write(c, 300);
            checkpointer.applied();
            Lock turn = checkpointer.writeTurn();
            turn.lock();
            try {
                long started = System.nanoTime();
                CompletableFuture.runAsync(checkpointer::runOnce).get(5, TimeUnit.SECONDS);
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(2_000);
            } finally {
                turn.unlock();
            }
            assertThat(metrics.checkpointDuration.getCount()).isEqualTo(1);
        }
    }
}
