package io.cryptoflow.replicator.db;

import io.cryptoflow.common.CandleSchema;
import io.cryptoflow.common.ReplicaPosition;
import io.cryptoflow.common.ReplicaSchema;
import io.cryptoflow.common.SqliteConnections;
import io.cryptoflow.replicator.core.CheckpointResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.jdbi.v3.core.ConnectionFactory;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Handles;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * The replicator's single write connection to api.db (WAL, synchronous=NORMAL). It is opened
 * only once api.db exists, so a bootstrap copy can create the file atomically. Transactions are
 * controlled with plain JDBC; Jdbi runs the {@link ReplicaDao} statements on the same connection.
 */
public final class ReplicaDatabase implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaDatabase.class);
    /** Checkpoints must not wait long for API readers: PASSIVE does what it can without them. */
    private static final int CHECKPOINT_BUSY_TIMEOUT_MS = 50;
    /**
     * api.db's WAL is bounded at this many journal size limits (32 MiB at the default 8 MiB): SQLite's
     * auto-checkpoint in the commit fires there, and a restarted WAL is cut back only to there. Fixed,
     * not a share of api.db: what fills the WAL is the write rate between two checkpointer passes
     * (a trade burst: 7-12 MB a second), not the database's size.
     */
    public static final long WAL_CAP_JOURNAL_LIMITS = 4;
    private static final long MIN_WAL_FRAMES = 100;

    private final Path file;
    private final long journalSizeLimitBytes;
    private Connection connection;
    private boolean structureChecked;
    private Handle handle;
    private ReplicaDao dao;
    private boolean replicaTableKnown;
    private boolean checkTableKnown;
    private long lastConfirmedAt;

    public ReplicaDatabase(Path file, long journalSizeLimitBytes) {
        this.file = file;
        this.journalSizeLimitBytes = journalSizeLimitBytes;
    }

    public Path file() {
        return file;
    }

    public boolean exists() {
        return Files.exists(file);
    }

    public Connection connection() throws SQLException {
        if (connection == null) {
            SQLiteConfig config = new SQLiteConfig();
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
            config.setBusyTimeout(SqliteConnections.BUSY_TIMEOUT_MS);
            // Cut back on a restart only past the cap: cut to one journal limit, the WAL file was
            // truncated (ftruncate 11-21 ms) in the first commit after every restart, on the apply
            // thread, once a second during a burst, and grown again right after.
            config.setJournalSizeLimit(Math.toIntExact(Math.min(walCapBytes(), Integer.MAX_VALUE)));
            // Statement journals of the multi-row upserts stay in memory instead of temp files.
            config.setTempStore(SQLiteConfig.TempStore.MEMORY);
            // The backup commit never runs the auto-checkpoint; this connection checkpoints explicitly.
            connection = config.createConnection(SqliteConnections.url(file));
            Jdbi j = Jdbi.create(new ConnectionFactory() {
                @Override
                public Connection openConnection() {
                    return connection;
                }

                @Override
                public void closeConnection(Connection toClose) {
                    // the connection outlives Jdbi handles
                }
            });
            j.installPlugin(new SqlObjectPlugin());
            j.getConfig(Handles.class).setForceEndTransactions(false);
            // One handle and one attached DAO for the connection's life: attaching per call costs milliseconds.
            handle = j.open();
            dao = handle.attach(ReplicaDao.class);
            boundWal();
            LOG.info("Opened {} for replication (WAL, journal_size_limit={} bytes)", file, walCapBytes());
        }
        return connection;
    }

    private <R> R dao(java.util.function.Function<ReplicaDao, R> work) throws SQLException {
        connection();
        return work.apply(dao);
    }

    /** The position api.db holds: cf_replica, or the copied cf_state when a crash hit between copy and stamp. */
    public Optional<ReplicaPosition> position() throws SQLException {
        if (!exists()) {
            return Optional.empty();
        }
        return dao(d -> {
            if (d.tableCount(ReplicaSchema.TABLE) == 1) {
                Optional<ReplicaPosition> p = d.find();
                if (p.isPresent()) {
                    return p;
                }
            }
            if (d.tableCount(CandleSchema.STATE_TABLE) == 1) {
                return d.copiedRev().map(rev -> new ReplicaPosition(rev, d.copiedCommittedAt().orElse(0L), 0L, "unknown"));
            }
            return Optional.<ReplicaPosition>empty();
        });
    }

    /**
     * Like {@link #position()}, but an api.db that SQLite reports as corrupt or not a database is
     * moved aside first and reads as "no replica", so the caller bootstraps a fresh copy.
     */
    public Optional<ReplicaPosition> positionOrQuarantine() throws SQLException, java.io.IOException {
        try {
            if (!structureChecked) {
                // Once per process: reading cf_replica only touches a few pages, so damage elsewhere in
                // the file (a torn write, a bad disk block) would otherwise be applied onto and served.
                structureChecked = true;
                String damage = quickCheck();
                if (damage != null) {
                    LOG.error("{} fails PRAGMA quick_check: {}", file, damage);
                    quarantine();
                    return Optional.empty();
                }
            }
            return position();
        } catch (org.sqlite.SQLiteException e) {
            int code = e.getResultCode() == null ? -1 : e.getResultCode().code & 0xff;
            if (code == org.sqlite.SQLiteErrorCode.SQLITE_CORRUPT.code || code == org.sqlite.SQLiteErrorCode.SQLITE_NOTADB.code) {
                quarantine();
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The first problem {@code PRAGMA quick_check} reports in an existing api.db, or null when it is sound. */
    private String quickCheck() throws SQLException {
        if (!Files.exists(file)) {
            return null;
        }
        try (Statement s = connection().createStatement(); ResultSet rs = s.executeQuery("PRAGMA main.quick_check(1)")) {
            String first = rs.next() ? rs.getString(1) : "no answer";
            return "ok".equals(first) ? null : first;
        }
    }

    /** Writes cf_replica in autocommit (after a snapshot) or inside the caller's open transaction. */
    public void writePosition(ReplicaPosition position) throws SQLException {
        dao(d -> {
            if (!replicaTableKnown) {
                d.createTable();
                replicaTableKnown = true;
            }
            d.write(position);
            return null;
        });
    }

    /**
     * Records (cf_replica_check) that collector.db was found still at {@code sourceRev}, the revision
     * api.db holds; at most every {@link ReplicaSchema#CONFIRM_EVERY_MS}. Autocommit: the caller has
     * no transaction open.
     */
    public void confirmCurrent(long sourceRev, long now) throws SQLException {
        if (now - lastConfirmedAt < ReplicaSchema.CONFIRM_EVERY_MS) {
            return;
        }
        dao(d -> {
            if (!checkTableKnown) {
                d.createCheckTable();
                checkTableKnown = true;
            }
            d.writeCheck(sourceRev, now);
            return null;
        });
        lastConfirmedAt = now;
    }

    /** After a snapshot: api.db's partitions do without the writer's deduplication indexes (see {@link PartitionApplier}). */
    public int dropWriterIndexes() throws SQLException {
        return PartitionApplier.dropWriterIndexes(connection());
    }

    /** A snapshot replaces the whole file, cf_replica included: the next stamp must create it again. */
    public void forgetSchema() {
        replicaTableKnown = false;
        checkTableKnown = false;
        lastConfirmedAt = 0;
    }

    /** The revision and commit time of the collector state copied into api.db (its cf_state row). */
    public Optional<long[]> copiedState() throws SQLException {
        return dao(d -> d.copiedRev().map(rev -> new long[] {rev, d.copiedCommittedAt().orElse(0L)}));
    }

    /**
     * Moves api.db's WAL back into the database: PASSIVE first (never waits, never blocks readers;
     * its answer also tells how many frames the WAL holds), then, when that got everything and no
     * reader holds an old snapshot, TRUNCATE to give the space back.
     */
    public CheckpointResult checkpoint() throws SQLException {
        Connection c = connection();
        try (Statement s = c.createStatement()) {
            CheckpointResult passive = checkpoint(s, "PASSIVE");
            if (!passive.complete()) {
                return passive;
            }
            s.execute("PRAGMA busy_timeout = " + CHECKPOINT_BUSY_TIMEOUT_MS);
            CheckpointResult truncate = checkpoint(s, "TRUNCATE");
            return new CheckpointResult(truncate.busy() ? "PASSIVE" : "TRUNCATE", false, passive.walFrames(),
                    passive.checkpointedFrames(), !truncate.busy());
        } finally {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout = " + SqliteConnections.BUSY_TIMEOUT_MS);
            }
        }
    }

    /** The per-apply checkpoint: never waits for readers, never blocks them. */
    public CheckpointResult checkpointPassive() throws SQLException {
        try (Statement s = connection().createStatement()) {
            return checkpoint(s, "PASSIVE");
        }
    }

    /**
     * Moves an api.db that SQLite reports as corrupt (or not a database) aside, with its WAL and
     * shared-memory files, so the next snapshot bootstraps a fresh file. Kept for inspection.
     */
    public Path quarantine() throws java.io.IOException {
        close();
        Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + System.currentTimeMillis());
        for (String suffix : new String[] {"-wal", "-shm"}) {
            Path f = file.resolveSibling(file.getFileName() + suffix);
            if (Files.exists(f)) {
                Files.move(f, aside.resolveSibling(aside.getFileName() + suffix));
            }
        }
        Files.move(file, aside);
        LOG.error("{} is corrupt; moved it to {} and will bootstrap a fresh copy", file, aside);
        return aside;
    }

    private static CheckpointResult checkpoint(Statement s, String mode) throws SQLException {
        // Named schema: with collector.db ATTACHed, a bare wal_checkpoint would also target it.
        try (ResultSet rs = s.executeQuery("PRAGMA main.wal_checkpoint(" + mode + ")")) {
            rs.next();
            return new CheckpointResult(mode, rs.getInt(1) != 0, rs.getLong(2), rs.getLong(3), false);
        }
    }

    public long pageCount() throws SQLException {
        try (Statement s = connection().createStatement(); ResultSet rs = s.executeQuery("PRAGMA main.page_count")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The most api.db's WAL holds: {@value #WAL_CAP_JOURNAL_LIMITS} journal size limits. */
    public long walCapBytes() {
        return WAL_CAP_JOURNAL_LIMITS * journalSizeLimitBytes;
    }

    /**
     * Commits on this connection run a PASSIVE checkpoint once api.db's WAL reaches {@link #walCapBytes()}.
     * It is a safety net only: it runs in the commit, on the apply thread (page writes, an fsync of
     * the WAL and of api.db), while the checkpointer thread keeps the WAL below it. Set again after a
     * snapshot, whose copy may have changed the page size.
     */
    public void boundWal() throws SQLException {
        long frames = Math.max(MIN_WAL_FRAMES, walCapBytes() / pageSize());
        try (Statement s = connection().createStatement()) {
            s.execute("PRAGMA wal_autocheckpoint = " + frames);
        }
    }

    public long pageSize() throws SQLException {
        try (Statement s = connection().createStatement(); ResultSet rs = s.executeQuery("PRAGMA main.page_size")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() {
        if (connection != null) {
            handle.close();
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.warn("Closing {} failed: {}", file, e.getMessage());
            }
            connection = null;
            handle = null;
            dao = null;
            replicaTableKnown = false;
            checkTableKnown = false;
        }
    }
}
