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
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
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
    private static final int MAX_PASSES = 6;
    /**
     * A pass that found at most this many new frames (1 MiB at 4 KiB pages, ~30 ms of a trade burst)
     * was short, so little was appended during it: the RESTART after it has little to copy.
     */
    private static final long FEW_FRAMES = 256;
    /** Tries at a RESTART checkpoint per run (a reader of old frames makes one busy). */
    private static final int RESTART_TRIES = 25;
    private static final long RESTART_RETRY_MS = 2;
    /** How long a RESTART waits for the apply in progress to end before the run gives up. */
    private static final long RESTART_TURN_WAIT_MS = 250;

    private final Path file;
    private final Duration interval;
    private final ReplicationMetrics metrics;
    private final WalMeter walMeter;
    private final long restartAtBytes;
    private final AtomicBoolean walHoldsApplies = new AtomicBoolean();
    /**
     * Held by the writer for each apply transaction and by a RESTART checkpoint, so neither waits in
     * SQLite's busy handler: it sleeps 1, 2, 5, 10, 15 ms steps and wakes late, while this lock hands
     * over the moment the other side is done. Fair: a waiting RESTART goes before the next apply,
     * and the apply after it before the next RESTART.
     */
    private final ReentrantLock writeTurn = new ReentrantLock(true);
    private final ThreadPools pools;
    private final Object running = new Object();
    private ScheduledExecutorService executor;
    private ScheduledFuture<?> task;
    private volatile boolean closed;
    private Connection connection;
    private Object openedFileKey;
    private long pageSize;
    private String lastError;

    public WalCheckpointer(Path file, Duration interval, ReplicationMetrics metrics, WalMeter walMeter,
                           long restartAtBytes) {
        this(file, interval, metrics, walMeter, restartAtBytes, ThreadPools.standalone());
    }

    /**
     * @param restartAtBytes a WAL this large is restarted by the checkpointer (see {@link #restart()})
     * @param pools gives the checkpoint thread (the lifecycle's pool in the application)
     */
    public WalCheckpointer(Path file, Duration interval, ReplicationMetrics metrics, WalMeter walMeter,
                           long restartAtBytes, ThreadPools pools) {
        this.file = file;
        this.interval = interval;
        this.metrics = metrics;
        this.walMeter = walMeter;
        this.restartAtBytes = restartAtBytes;
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

    /** The writer holds this for each write transaction on api.db (see {@link #writeTurn}). */
    public Lock writeTurn() {
        return writeTurn;
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
            // A pass copies the frames that were in the WAL when it began (its answer does not count
            // the frames the writer appended meanwhile); the next pass copies those, and each further
            // pass has less to copy. A RESTART copies what the last pass left under the write turn,
            // so the passes go on until one found few new frames.
            long previousFrames = 0;
            for (int pass = 1; pass < MAX_PASSES && !r.busy() && (r.walFrames() > r.checkpointedFrames()
                    || restartDue(r) && r.walFrames() - previousFrames > FEW_FRAMES); pass++) {
                metrics.walBytesWritten.inc(walMeter.bytesWritten(r, pageSize));
                previousFrames = r.walFrames();
                r = checkpoint();
                if (r == null) {
                    return;
                }
                if (r.walFrames() < previousFrames) {
                    break; // the WAL restarted meanwhile
                }
            }
            if (!r.busy() && restartDue(r)) {
                metrics.walBytesWritten.inc(walMeter.bytesWritten(r, pageSize));
                r = restart(r);
            }
            metrics.checkpointDuration.update(System.nanoTime() - started, TimeUnit.NANOSECONDS);
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

    private boolean restartDue(CheckpointResult r) {
        return r.walFrames() * pageSize >= restartAtBytes;
    }

    /**
     * A WAL restarts only when a write transaction begins with every frame checkpointed, which a
     * writer applying several times a second rarely leaves to a PASSIVE pass: during a trade burst
     * the WAL then grew to the auto-checkpoint's cap, and every second a commit on the apply thread
     * ran the checkpoint (120-270 ms, docs/benchmarks.md "... the WAL that never restarts"). A
     * RESTART checkpoint holds the write lock while it copies what the PASSIVE passes left (frames
     * of the last ~100 ms) and waits for readers of old frames, so the next apply starts the WAL
     * over. It runs in the {@link #writeTurn} between two applies: it takes SQLite's write lock at
     * once (busy timeout 0 only makes a reader of old frames answer busy at once) and the apply
     * waiting for it starts the moment it is done. Tried {@value #RESTART_TRIES} times
     * {@value #RESTART_RETRY_MS} ms apart while readers make it busy, outside the turn in between.
     */
    private CheckpointResult restart(CheckpointResult passive) throws SQLException {
        CheckpointResult r = passive;
        try (Statement s = connection.createStatement()) {
            s.execute("PRAGMA busy_timeout = 0");
            for (int i = 0; i < RESTART_TRIES && !closed; i++) {
                if (!writeTurn.tryLock(RESTART_TURN_WAIT_MS, TimeUnit.MILLISECONDS)) {
                    return r;
                }
                try (ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(RESTART)")) {
                    rs.next();
                    r = new CheckpointResult("RESTART", rs.getInt(1) != 0, rs.getLong(2), rs.getLong(3), false);
                } finally {
                    writeTurn.unlock();
                }
                if (!r.busy()) {
                    return r;
                }
                metrics.walBytesWritten.inc(walMeter.bytesWritten(r, pageSize));
                Thread.sleep(RESTART_RETRY_MS);
            }
            return r;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return r;
        } finally {
            try (Statement s = connection.createStatement()) {
                s.execute("PRAGMA busy_timeout = " + SqliteConnections.BUSY_TIMEOUT_MS);
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
