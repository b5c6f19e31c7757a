package io.cryptoflow.replicator.strategy;

import io.cryptoflow.common.SqliteConnections;
import io.cryptoflow.common.ThreadPools;
import io.cryptoflow.replicator.core.CheckpointResult;
import io.cryptoflow.replicator.core.ReplicationMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * PASSIVE checkpoints of api.db on a thread and connection of their own, at most once per
 * interval and only after applies left frames in the WAL. In WAL mode a checkpoint runs beside
 * the writer, so its page writes and the fsync of api.db never delay an apply, readers are never
 * blocked, and a page that many applies rewrote (positions, index tips) goes back once.
 */
public final class WalCheckpointer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WalCheckpointer.class);

    /** PASSIVE passes per run at most (see {@link #runOnce()}). */
    private static final int MAX_PASSES = 3;

    private final Path file;
    private final Duration interval;
    private final ReplicationMetrics metrics;
    private final WalMeter walMeter;
    private final AtomicBoolean walHoldsApplies = new AtomicBoolean();
    private final ThreadPools pools;
    private final Object running = new Object();
    private ScheduledExecutorService executor;
    private ScheduledFuture<?> task;
    private volatile boolean closed;
    private Connection connection;
    private Object openedFileKey;
    private long pageSize;
    private String lastError;

    public WalCheckpointer(Path file, Duration interval, ReplicationMetrics metrics, WalMeter walMeter) {
        this(file, interval, metrics, walMeter, ThreadPools.standalone());
    }

    /** @param pools gives the checkpoint thread (the lifecycle's pool in the application) */
    public WalCheckpointer(Path file, Duration interval, ReplicationMetrics metrics, WalMeter walMeter,
                           ThreadPools pools) {
        this.file = file;
        this.interval = interval;
        this.metrics = metrics;
        this.walMeter = walMeter;
        this.pools = pools;
        if (pools.managed()) {
            executor = pools.scheduled("replicator-checkpoint", 1);
        }
    }

    public synchronized void start() {
        if (task != null) {
            return;
        }
        if (executor == null) {
            executor = pools.scheduled("replicator-checkpoint", 1);
        }
        closed = false;
        long millis = Math.max(1, interval.toMillis());
        task = executor.scheduleWithFixedDelay(this::scheduledRun, millis, millis, TimeUnit.MILLISECONDS);
    }

    private void scheduledRun() {
        synchronized (running) {
            if (!closed) {
                runOnce();
            }
        }
    }

    /** Called by the writer after each committed apply. */
    public void applied() {
        walHoldsApplies.set(true);
    }

    /** One checkpoint if applies are waiting for it; the scheduled thread calls this. */
    public void runOnce() {
        if (!walHoldsApplies.getAndSet(false)) {
            return;
        }
        try {
            long started = System.nanoTime();
            CheckpointResult r = checkpoint();
            if (r == null) {
                return;
            }
            // The writer appended while this pass copied: the WAL restarts (and stops growing) only
            // after a pass that found nothing newer, and each further pass has less to copy.
            for (int pass = 1; pass < MAX_PASSES && !r.busy() && r.walFrames() > r.checkpointedFrames(); pass++) {
                metrics.walBytesWritten.inc(walMeter.bytesWritten(r, pageSize));
                r = checkpoint();
                if (r == null) {
                    return;
                }
            }
            metrics.checkpointDuration.update(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            if (System.nanoTime() - started > 30_000_000L) {
                LOG.info("PROBE checkpoint {} ms: wal {} frames, {} checkpointed", (System.nanoTime() - started) / 1_000_000,
                        r.walFrames(), r.checkpointedFrames());
            }
            metrics.walBytesWritten.inc(walMeter.bytesWritten(r, pageSize));
            if (!r.complete()) {
                walHoldsApplies.set(true); // a reader pins older frames: try again next time
            }
            lastError = null;
        } catch (SQLException e) {
            walHoldsApplies.set(true);
            closeConnection();
            String message = e.getMessage();
            if (!Objects.equals(message, lastError)) {
                LOG.warn("Checkpoint of {} failed; retrying in {} ms: {}", file, interval.toMillis(), message);
                lastError = message;
            }
        }
    }

    private CheckpointResult checkpoint() throws SQLException {
        Object fileKey = fileKey();
        if (fileKey == null) {
            closeConnection();
            return null; // no api.db (yet, or moved aside): the next snapshot checkpoints its own copy
        }
        if (connection != null && !fileKey.equals(openedFileKey)) {
            closeConnection(); // api.db was replaced (bootstrap, quarantine): follow the new file
        }
        if (connection == null) {
            SQLiteConfig config = new SQLiteConfig();
            config.resetOpenMode(SQLiteOpenMode.CREATE); // never create api.db: only the writer does
            config.setBusyTimeout(SqliteConnections.BUSY_TIMEOUT_MS);
            connection = config.createConnection(SqliteConnections.url(file));
            openedFileKey = fileKey;
            try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("PRAGMA page_size")) {
                rs.next();
                pageSize = rs.getLong(1);
            }
        }
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            rs.next();
            return new CheckpointResult("PASSIVE", rs.getInt(1) != 0, rs.getLong(2), rs.getLong(3), false);
        }
    }

    private Object fileKey() {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("Closing the checkpoint connection to {} failed: {}", file, e.getMessage());
            }
            connection = null;
        }
    }

    @Override
    public synchronized void close() {
        if (task != null) {
            task.cancel(false);
            task = null;
        }
        synchronized (running) {
            // a checkpoint in progress has finished
            closed = true;
        }
        if (executor != null && !pools.managed()) {
            try {
                ThreadPools.shutdownIfOwned(pools, executor, TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            executor = null;
        }
        closeConnection();
    }
}
