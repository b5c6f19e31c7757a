package io.cryptoflow.collector.db;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import io.cryptoflow.common.Candle;
import io.cryptoflow.common.CandleSchema;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.SqliteConnections;
import io.cryptoflow.common.SqliteErrors;
import io.cryptoflow.common.Timeframe;
import io.dropwizard.lifecycle.Managed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only writer of collector.db. One thread owns the only write connection and applies each
 * submitted batch in one IMMEDIATE transaction that bumps {@code cf_state.rev} and stamps every
 * row it changes with the new revision. A batch that changes nothing is rolled back, so it costs
 * no revision. Producers block in {@link #submit} while the bounded queue is full.
 *
 * <p>Deletions ({@link #submitPurge}) go through the same queue: one transaction with its own
 * revision that writes a {@code cf_tombstones} row per deleted row. Tombstones older than the
 * retention are pruned between batches, and {@code cf_state.tombstones_pruned_rev} records the
 * highest pruned revision so a replica behind it knows it cannot follow the chain.
 *
 * <p>A batch the storage refuses (SQLITE_FULL, SQLITE_IOERR: disk full, file-size limit, I/O
 * error) is not rejected: the writer keeps it, reports the outage ({@link #outage()}, health
 * check, one error line, then one line a minute) and retries it with backoff until it commits,
 * so every producer waits instead of losing data. Only a stopping writer gives such a batch up.
 */
public final class SqliteCandleWriter implements CandleSink, Managed {

    private static final Logger LOG = LoggerFactory.getLogger(SqliteCandleWriter.class);
    private static final long CHECKPOINT_EVERY_MS = 10_000;
    private static final int BUSY_RETRIES = 5;
    private static final long STORAGE_RETRY_FIRST_MS = 200;
    private static final long STORAGE_RETRY_MAX_MS = 5_000;
    private static final long STILL_FAILING_LOG_EVERY_NS = TimeUnit.MINUTES.toNanos(1);

    /** Collector-only: ranges the exchange has no candles for. Not part of the replicated contract. */
    static final String NO_DATA_TABLE = "collector_no_data";
    private static final String NO_DATA_DDL = """
            CREATE TABLE IF NOT EXISTS collector_no_data (
              symbol TEXT NOT NULL,
              minutes INTEGER NOT NULL,
              from_time INTEGER NOT NULL,
              to_time INTEGER NOT NULL,
              PRIMARY KEY (symbol, minutes, from_time)
            )""";

    private final Path dbFile;
    private final BlockingQueue<Job> queue;
    private final LongSupplier clock;
    private final Counter busyEvents;
    private final Meter batchesWritten;
    private final Meter batchesFailed;
    private final Meter storageFailures;
    private final Meter rowsChanged;
    private final Meter rowsUnchanged;
    private final Timer batchTimer;
    private final Meter tombstonesWritten;
    private final Meter tombstonesPruned;
    private final TombstoneRetention retention;
    private final AtomicLong prunedRev = new AtomicLong();
    private final AtomicLong lastRev = new AtomicLong();
    private final AtomicLong lastCommitAt = new AtomicLong();

    private volatile WriteOutage outage;
    private long lastOutageLogNanos;
    private volatile boolean accepting;
    private volatile Thread thread;
    private Connection connection;
    private long lastCheckpoint;
    private long lastPrune;

    public SqliteCandleWriter(Path dbFile, int queueCapacity, MetricRegistry metrics) {
        this(dbFile, queueCapacity, metrics, System::currentTimeMillis);
    }

    public SqliteCandleWriter(Path dbFile, int queueCapacity, MetricRegistry metrics, LongSupplier clock) {
        this(dbFile, queueCapacity, metrics, clock, TombstoneRetention.DEFAULT);
    }

    public SqliteCandleWriter(Path dbFile, int queueCapacity, MetricRegistry metrics, LongSupplier clock,
                              TombstoneRetention retention) {
        this.dbFile = dbFile;
        this.retention = retention;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.clock = clock;
        this.busyEvents = metrics.counter("cryptoflow.collector.sqlite.busy");
        this.batchesWritten = metrics.meter("cryptoflow.collector.writer.batches");
        this.batchesFailed = metrics.meter("cryptoflow.collector.writer.failed-batches");
        this.storageFailures = metrics.meter("cryptoflow.collector.writer.storage-failures");
        this.rowsChanged = metrics.meter("cryptoflow.collector.writer.rows-changed");
        this.rowsUnchanged = metrics.meter("cryptoflow.collector.writer.rows-unchanged");
        this.batchTimer = metrics.timer("cryptoflow.collector.writer.batch");
        this.tombstonesWritten = metrics.meter("cryptoflow.collector.writer.tombstones-written");
        this.tombstonesPruned = metrics.meter("cryptoflow.collector.writer.tombstones-pruned");
        metrics.gauge("cryptoflow.collector.writer.tombstones-pruned-rev", () -> prunedRev::get);
        metrics.gauge("cryptoflow.collector.writer.queue", () -> queue::size);
        metrics.gauge("cryptoflow.collector.writer.rev", () -> lastRev::get);
        metrics.gauge("cryptoflow.collector.writer.outage-ms", () -> () -> {
            WriteOutage o = outage;
            return o == null ? 0L : Math.max(0L, this.clock.getAsLong() - o.sinceMs());
        });
    }

    @Override
    public synchronized void start() throws Exception {
        if (thread != null) {
            return;
        }
        Path parent = dbFile.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        connection = SqliteConnections.openWriter(dbFile);
        installBusyCounter(connection);
        CandleSchema.apply(connection);
        exec(NO_DATA_DDL);
        // Autocommit stays on and transactions are explicit: sqlite-jdbc's manual-commit mode
        // re-opens a transaction right after each commit, which in IMMEDIATE mode would hold
        // the write lock forever and starve Litestream and every other writer.
        connection.setAutoCommit(true);
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery(
                     "SELECT rev, committed_at, busy_events, tombstones_pruned_rev FROM cf_state WHERE id = 1")) {
            rs.next();
            lastRev.set(rs.getLong(1));
            lastCommitAt.set(rs.getLong(2));
            busyEvents.inc(Math.max(0, rs.getLong(3) - busyEvents.getCount()));
            prunedRev.set(rs.getLong(4));
        }
        lastCheckpoint = clock.getAsLong();
        // Due at the first idle moment, so a collector restarted more often than the interval still prunes.
        lastPrune = Long.MIN_VALUE / 2;
        accepting = true;
        Thread t = new Thread(this::runLoop, "collector-db-writer");
        t.setDaemon(false);
        thread = t;
        t.start();
        LOG.info("writer started on {} at rev {}", dbFile.toAbsolutePath(), lastRev.get());
    }

    /** Stops accepting, drains every queued batch, checkpoints passively and closes. */
    @Override
    public void stop() throws Exception {
        Thread t;
        synchronized (this) {
            accepting = false;
            t = thread;
        }
        if (t == null) {
            return;
        }
        queue.offer(Job.POISON, 30, TimeUnit.SECONDS);
        t.join(TimeUnit.MINUTES.toMillis(2));
        synchronized (this) {
            thread = null;
        }
        LOG.info("writer stopped at rev {}", lastRev.get());
    }

    @Override
    public CompletableFuture<Void> submit(CandleBatch batch) {
        return enqueue(new Job(() -> write(batch, false), describe(batch)));
    }

    /**
     * Inserts the candles whose (symbol, time) is not stored yet and keeps every stored row;
     * completes with the number of rows inserted. For importing another database.
     */
    public CompletableFuture<Integer> submitInsertOnly(CandleBatch batch) {
        Job job = new Job(() -> write(batch, true), describe(batch) + " insert-only");
        return enqueue(job).thenApply(v -> job.changed);
    }

    @Override
    public CompletableFuture<Void> submitSessions(List<DailySession> sessions) {
        List<DailySession> copy = List.copyOf(sessions);
        return enqueue(new Job(() -> writeSessions(copy), copy.size() + " sessions"));
    }

    /** Records (or with {@code market == null} clears) collector-only no-data ranges; no revision bump. */
    public CompletableFuture<Void> submitNoData(MarketSymbol market, Timeframe tf, long from, long to) {
        return enqueue(new Job(() -> writeNoData(market, tf, from, to),
                "no-data range " + market + " " + (market == null ? "" : from + ".." + to)));
    }

    /**
     * Deletes a symbol's candles (and sessions) in one transaction with its own revision, writing one
     * tombstone per deleted row, and forgets the symbol's no-data ranges of those timeframes.
     * Nothing stored for it: rolled back, no revision, result with zero counts.
     */
    public CompletableFuture<PurgeResult> submitPurge(PurgeRequest request) {
        AtomicReference<PurgeResult> result = new AtomicReference<>();
        Job job = new Job(() -> {
            PurgeResult r = purge(request);
            result.set(r);
            return r.deletedRows();
        }, "purge " + request);
        return enqueue(job).thenApply(v -> result.get());
    }

    /** Prunes tombstones older than the retention now instead of at the next periodic prune; completes with the count. */
    public CompletableFuture<Integer> submitTombstonePrune() {
        Job job = new Job(() -> pruneTombstones(clock.getAsLong() - retention.retention().toMillis()), "tombstone prune");
        return enqueue(job).thenApply(v -> job.changed);
    }

    /** The highest revision whose tombstones were pruned (0 = never). */
    public long tombstonesPrunedRevision() {
        return prunedRev.get();
    }

    public boolean isRunning() {
        Thread t = thread;
        return t != null && t.isAlive();
    }

    public long lastRevision() {
        return lastRev.get();
    }

    public long lastCommitAt() {
        return lastCommitAt.get();
    }

    public int queued() {
        return queue.size();
    }

    public long busyEvents() {
        return busyEvents.getCount();
    }

    /** Present while collector.db refuses writes and a batch waits to be retried. */
    public Optional<WriteOutage> outage() {
        return Optional.ofNullable(outage);
    }

    private CompletableFuture<Void> enqueue(Job job) {
        if (!accepting) {
            return CompletableFuture.failedFuture(new IllegalStateException("collector.db writer is not running"));
        }
        try {
            // Re-check while blocked so a stopping writer does not leave producers waiting forever.
            while (!queue.offer(job, 200, TimeUnit.MILLISECONDS)) {
                if (!accepting || !isRunning()) {
                    return CompletableFuture.failedFuture(new IllegalStateException("collector.db writer stopped"));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(e);
        }
        return job.done;
    }

    private void runLoop() {
        try {
            while (true) {
                Job job = queue.poll(1, TimeUnit.SECONDS);
                if (job == Job.POISON) {
                    break;
                }
                if (job != null) {
                    apply(job);
                } else {
                    checkpointIfDue();
                }
                pruneIfDue();
            }
            // Drain anything that slipped in between the stop signal and the poison pill.
            Job rest;
            while ((rest = queue.poll()) != null) {
                if (rest != Job.POISON) {
                    apply(rest);
                }
            }
            checkpoint();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("writer interrupted with {} batches queued", queue.size());
        } catch (RuntimeException | Error e) {
            LOG.error("writer thread died", e);
            throw e;
        } finally {
            accepting = false;
            Job left;
            while ((left = queue.poll()) != null) {
                left.done.completeExceptionally(new IllegalStateException("collector.db writer stopped"));
            }
            closeQuietly();
        }
    }

    private void apply(Job job) {
        int busyAttempts = 0;
        long storageDelay = STORAGE_RETRY_FIRST_MS;
        while (true) {
            Timer.Context timing = batchTimer.time();
            try {
                int changed = job.work.run();
                batchesWritten.mark();
                job.changed = changed;
                job.done.complete(null);
                if (outage != null) {
                    recovered();
                }
                if (changed > 0) {
                    checkpointIfDue();
                }
                return;
            } catch (SQLException e) {
                rollbackQuietly();
                if (SqliteErrors.isBusyOrLocked(e)) {
                    busyEvents.inc();
                    if (++busyAttempts < BUSY_RETRIES) {
                        LOG.warn("collector.db busy/locked (attempt {}): {}", busyAttempts, e.getMessage());
                        continue;
                    }
                } else if (SqliteErrors.isStorageFailure(e)) {
                    storageFailed(job, e);
                    if (waitForRetry(storageDelay)) {
                        storageDelay = Math.min(STORAGE_RETRY_MAX_MS, storageDelay * 2);
                        continue;
                    }
                }
                fail(job, e);
                return;
            } catch (RuntimeException e) {
                rollbackQuietly();
                fail(job, e);
                return;
            } finally {
                timing.stop();
            }
        }
    }

    private void fail(Job job, Exception e) {
        batchesFailed.mark();
        if (e instanceof SQLException s && SqliteErrors.isStorageFailure(s)) {
            // The outage is already logged with its cause; a stack trace per batch adds nothing.
            LOG.error("writer stopping while {} refuses writes; batch not written: {}: {}",
                    dbFile.toAbsolutePath(), job.description, e.getMessage());
        } else {
            LOG.error("batch rejected, nothing written: {}", job.description, e);
        }
        job.done.completeExceptionally(e);
    }

    private void storageFailed(Job job, SQLException e) {
        storageFailures.mark();
        WriteOutage o = outage;
        long now = System.nanoTime();
        if (o == null) {
            outage = new WriteOutage(dbFile.toAbsolutePath(), clock.getAsLong(), 1, e.getMessage());
            lastOutageLogNanos = now;
            LOG.error("{} refused a write ({}); {} bytes usable on its file system. Disk full, a file-size"
                            + " limit or an I/O error: keeping the batch ({}) and retrying it with backoff up to {} ms;"
                            + " producers wait, nothing is dropped", dbFile.toAbsolutePath(), e.getMessage(),
                    usableBytes(), job.description, STORAGE_RETRY_MAX_MS);
            return;
        }
        outage = new WriteOutage(o.file(), o.sinceMs(), o.attempts() + 1, e.getMessage());
        if (now - lastOutageLogNanos >= STILL_FAILING_LOG_EVERY_NS) {
            lastOutageLogNanos = now;
            LOG.error("{} still refuses writes after {} attempts over {} s ({}); {} bytes usable; {} batches queued",
                    o.file(), o.attempts() + 1, (clock.getAsLong() - o.sinceMs()) / 1000, e.getMessage(),
                    usableBytes(), queue.size());
        }
    }

    private void recovered() {
        WriteOutage o = outage;
        outage = null;
        LOG.info("{} accepts writes again after {} failed attempts over {} ms; the held batch is committed",
                o.file(), o.attempts(), clock.getAsLong() - o.sinceMs());
    }

    /** Sleeps before the next storage retry; false when the writer is stopping (give the batch up). */
    private boolean waitForRetry(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (accepting) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            try {
                TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private long usableBytes() {
        try {
            return Files.getFileStore(dbFile.toAbsolutePath()).getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }

    private int write(CandleBatch batch, boolean insertOnly) throws SQLException {
        long rev = beginRevision();
        Timeframe tf = batch.timeframe();
        String symbol = batch.market().stored();
        boolean noTaker = batch.mode() == WriteMode.KLINE_NO_TAKER;
        int changed = 0;
        try (PreparedStatement ps = connection.prepareStatement(
                insertOnly ? CandleUpsertSql.insertOnly(tf) : CandleUpsertSql.of(tf, batch.mode()))) {
            for (Candle c : batch.candles()) {
                if (!tf.isAligned(c.time())) {
                    throw new IllegalArgumentException("candle time " + c.time() + " is not aligned to " + tf.label());
                }
                int i = 1;
                ps.setString(i++, symbol);
                ps.setLong(i++, c.time());
                ps.setDouble(i++, c.open());
                ps.setDouble(i++, c.high());
                ps.setDouble(i++, c.low());
                ps.setDouble(i++, c.close());
                ps.setDouble(i++, c.volume());
                ps.setDouble(i++, noTaker ? 0 : c.buyVolume());
                ps.setDouble(i++, noTaker ? 0 : c.sellVolume());
                ps.setDouble(i++, noTaker ? 0 : c.delta());
                ps.setLong(i++, noTaker ? 0 : c.tradeCount());
                ps.setString(i++, c.clusters());
                ps.setInt(i++, c.closed() ? 1 : 0);
                ps.setLong(i, rev);
                changed += ps.executeUpdate();
            }
        }
        return finish(rev, changed, batch.candles().size());
    }

    private int writeSessions(List<DailySession> sessions) throws SQLException {
        long rev = beginRevision();
        int changed = 0;
        try (PreparedStatement ps = connection.prepareStatement("""
                INSERT INTO sessions (symbol, date, poc, vwap, vah, val, volume, rev)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(symbol, date) DO UPDATE SET poc = excluded.poc, vwap = excluded.vwap,
                  vah = excluded.vah, val = excluded.val, volume = excluded.volume, rev = excluded.rev
                WHERE sessions.poc IS NOT excluded.poc OR sessions.vwap IS NOT excluded.vwap
                   OR sessions.vah IS NOT excluded.vah OR sessions.val IS NOT excluded.val
                   OR sessions.volume IS NOT excluded.volume""")) {
            for (DailySession s : sessions) {
                ps.setString(1, s.symbol());
                ps.setString(2, s.date());
                setNullable(ps, 3, s.poc());
                setNullable(ps, 4, s.vwap());
                setNullable(ps, 5, s.vah());
                setNullable(ps, 6, s.val());
                ps.setDouble(7, s.volume());
                ps.setLong(8, rev);
                changed += ps.executeUpdate();
            }
        }
        return finish(rev, changed, sessions.size());
    }

    private int writeNoData(MarketSymbol market, Timeframe tf, long from, long to) throws SQLException {
        exec("BEGIN IMMEDIATE");
        if (market == null) {
            exec("DELETE FROM " + NO_DATA_TABLE);
        } else {
            try (PreparedStatement ps = connection.prepareStatement(
                    "INSERT OR IGNORE INTO " + NO_DATA_TABLE + " (symbol, minutes, from_time, to_time) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, market.stored());
                ps.setInt(2, tf.minutes());
                ps.setLong(3, from);
                ps.setLong(4, to);
                ps.executeUpdate();
            }
        }
        exec("COMMIT");
        return 1;
    }

    private PurgeResult purge(PurgeRequest request) throws SQLException {
        exec("BEGIN IMMEDIATE");
        String symbol = request.market().stored();
        int noData = 0;
        for (Timeframe tf : request.timeframes()) {
            noData += update("DELETE FROM " + NO_DATA_TABLE + " WHERE symbol = ? AND minutes = ?", symbol, tf.minutes());
        }
        Map<Timeframe, Integer> candles = new EnumMap<>(Timeframe.class);
        int total = 0;
        for (Timeframe tf : request.timeframes()) {
            int n = (int) count("SELECT count(*) FROM " + tf.table() + " WHERE symbol = ? AND time < ?", symbol, request.before());
            candles.put(tf, n);
            total += n;
        }
        int sessions = request.sessions()
                ? (int) count("SELECT count(*) FROM sessions WHERE symbol = ? AND " + SESSION_DAY_BEFORE, symbol, request.before())
                : 0;
        total += sessions;
        if (total == 0) {
            exec(noData > 0 ? "COMMIT" : "ROLLBACK");
            return new PurgeResult(0, candles, 0, noData);
        }
        long now = clock.getAsLong();
        long rev = bumpRevision(now);
        for (Timeframe tf : request.timeframes()) {
            if (candles.get(tf) > 0) {
                int tombstones = update("INSERT INTO cf_tombstones (rev, tbl, symbol, time, deleted_at) SELECT ?, ?, symbol, time, ? FROM "
                        + tf.table() + " WHERE symbol = ? AND time < ?", rev, tf.table(), now, symbol, request.before());
                int deleted = update("DELETE FROM " + tf.table() + " WHERE symbol = ? AND time < ?", symbol, request.before());
                requireEqual(tf.table(), tombstones, deleted, candles.get(tf));
            }
        }
        if (sessions > 0) {
            // A session's tombstone carries the epoch ms of its UTC day's start: the column is an integer.
            int tombstones = update("INSERT INTO cf_tombstones (rev, tbl, symbol, time, deleted_at) SELECT ?, ?, symbol, "
                    + "coalesce(CAST(strftime('%s', date) AS INTEGER) * 1000, 0), ? FROM sessions WHERE symbol = ? AND "
                    + SESSION_DAY_BEFORE, rev, CandleSchema.SESSION_TABLE, now, symbol, request.before());
            int deleted = update("DELETE FROM sessions WHERE symbol = ? AND " + SESSION_DAY_BEFORE, symbol, request.before());
            requireEqual(CandleSchema.SESSION_TABLE, tombstones, deleted, sessions);
        }
        commitRevision(rev, total);
        tombstonesWritten.mark(total);
        PurgeResult result = new PurgeResult(rev, candles, sessions, noData);
        LOG.info("purged {} at rev {}: {} candles {}, {} sessions, {} no-data ranges forgotten", request.market(), rev,
                result.candleRows(), candles, sessions, noData);
        return result;
    }

    /**
     * Sessions whose UTC day starts before the bound, by the same day-start ms the tombstone carries
     * (0 for a date SQLite cannot parse, so an unbounded purge still deletes such a row).
     */
    private static final String SESSION_DAY_BEFORE = "coalesce(CAST(strftime('%s', date) AS INTEGER) * 1000, 0) < ?";

    private static void requireEqual(String table, int tombstones, int deleted, int counted) throws SQLException {
        if (tombstones != deleted || deleted != counted) {
            throw new SQLException("purge of " + table + " counted " + counted + " rows, wrote " + tombstones
                    + " tombstones, deleted " + deleted + ": rolled back");
        }
    }

    private void pruneIfDue() {
        long now = clock.getAsLong();
        if (now - lastPrune < retention.pruneInterval().toMillis()) {
            return;
        }
        lastPrune = now;
        try {
            pruneTombstones(now - retention.retention().toMillis());
        } catch (SQLException e) {
            rollbackQuietly();
            if (SqliteErrors.isBusyOrLocked(e)) {
                busyEvents.inc();
            }
            LOG.warn("tombstone prune failed, retried at the next interval: {}", e.getMessage());
        }
    }

    /**
     * Deletes the tombstones up to the newest revision whose deletion committed before {@code cutoff}
     * (a prefix of revisions, so everything above tombstones_pruned_rev is still there) and records it.
     */
    private int pruneTombstones(long cutoff) throws SQLException {
        long upTo;
        try (PreparedStatement ps = connection.prepareStatement("SELECT max(rev) FROM cf_tombstones WHERE deleted_at < ?")) {
            ps.setLong(1, cutoff);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                upTo = rs.getLong(1);
                if (rs.wasNull()) {
                    return 0;
                }
            }
        }
        exec("BEGIN IMMEDIATE");
        int pruned = update("DELETE FROM cf_tombstones WHERE rev <= ?", upTo);
        update("UPDATE cf_state SET tombstones_pruned_rev = max(tombstones_pruned_rev, ?) WHERE id = 1", upTo);
        exec("COMMIT");
        prunedRev.accumulateAndGet(upTo, Math::max);
        tombstonesPruned.mark(pruned);
        LOG.info("pruned {} tombstones up to rev {} (deleted before {} ms, retention {})", pruned, upTo, cutoff,
                retention.retention());
        return pruned;
    }

    private int update(String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            bind(ps, params);
            return ps.executeUpdate();
        }
    }

    private long count(String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            if (params[i] instanceof String text) {
                ps.setString(i + 1, text);
            } else {
                ps.setLong(i + 1, ((Number) params[i]).longValue());
            }
        }
    }

    private static void setNullable(PreparedStatement ps, int index, Double value) throws SQLException {
        if (value == null) {
            ps.setNull(index, java.sql.Types.REAL);
        } else {
            ps.setDouble(index, value);
        }
    }

    /** Opens the batch's transaction (IMMEDIATE, by connection config) with the revision bump. */
    private long beginRevision() throws SQLException {
        exec("BEGIN IMMEDIATE");
        return bumpRevision(clock.getAsLong());
    }

    private long bumpRevision(long now) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "UPDATE cf_state SET rev = rev + 1, committed_at = ?, busy_events = ? WHERE id = 1")) {
            ps.setLong(1, now);
            ps.setLong(2, busyEvents.getCount());
            ps.executeUpdate();
        }
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT rev FROM cf_state WHERE id = 1")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private int finish(long rev, int changed, int total) throws SQLException {
        rowsUnchanged.mark(total - changed);
        if (changed == 0) {
            exec("ROLLBACK");
            return 0;
        }
        commitRevision(rev, changed);
        return changed;
    }

    private void commitRevision(long rev, int changed) throws SQLException {
        // Locks met while this transaction waited are counted too.
        try (PreparedStatement ps = connection.prepareStatement("UPDATE cf_state SET busy_events = ? WHERE id = 1")) {
            ps.setLong(1, busyEvents.getCount());
            ps.executeUpdate();
        }
        exec("COMMIT");
        rowsChanged.mark(changed);
        lastRev.set(rev);
        lastCommitAt.set(clock.getAsLong());
    }

    private void checkpointIfDue() {
        if (clock.getAsLong() - lastCheckpoint >= CHECKPOINT_EVERY_MS) {
            checkpoint();
        }
    }

    /** PASSIVE only: Litestream owns TRUNCATE/RESTART checkpoints of collector.db. */
    private void checkpoint() {
        lastCheckpoint = clock.getAsLong();
        if (connection == null) {
            return;
        }
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA main.wal_checkpoint(PASSIVE)")) {
            if (rs.next() && rs.getInt(1) != 0) {
                busyEvents.inc();
            }
        } catch (SQLException e) {
            if (SqliteErrors.isBusyOrLocked(e)) {
                busyEvents.inc();
            }
            LOG.warn("passive checkpoint failed: {}", e.getMessage());
        }
    }

    /**
     * Replaces the driver's plain busy_timeout with an equivalent handler that also counts each
     * time SQLite meets a lock (first invocation of a wait), so lock trouble shows in metrics.
     */
    private void installBusyCounter(Connection c) throws SQLException {
        org.sqlite.BusyHandler.setHandler(c, new org.sqlite.BusyHandler() {
            private long waitStarted;

            @Override
            protected int callback(int previousInvocations) {
                long now = System.nanoTime();
                if (previousInvocations == 0) {
                    busyEvents.inc();
                    waitStarted = now;
                }
                if (TimeUnit.NANOSECONDS.toMillis(now - waitStarted) >= SqliteConnections.BUSY_TIMEOUT_MS) {
                    return 0;
                }
                try {
                    Thread.sleep(Math.min(50, 1L + previousInvocations));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return 0;
                }
                return 1;
            }
        });
    }

    private void exec(String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    private void rollbackQuietly() {
        try {
            exec("ROLLBACK");
        } catch (SQLException e) {
            // SQLite may already have rolled back (or BEGIN itself failed): nothing is open.
            LOG.debug("rollback: {}", e.getMessage());
        }
    }

    private void closeQuietly() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException e) {
            LOG.warn("closing collector.db failed", e);
        }
    }

    private static String describe(CandleBatch batch) {
        return batch.market() + " " + batch.timeframe().label() + " " + batch.mode()
                + " (" + batch.candles().size() + " candles)";
    }

    /** One transaction's work on the writer connection; returns the number of rows it changed. */
    @FunctionalInterface
    private interface Work {
        int run() throws SQLException;
    }

    private static final class Job {
        static final Job POISON = new Job(() -> 0, "stop");

        final Work work;
        final String description;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        volatile int changed;

        Job(Work work, String description) {
            this.work = work;
            this.description = description;
        }
    }
}
