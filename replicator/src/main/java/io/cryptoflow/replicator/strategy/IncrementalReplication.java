package io.cryptoflow.replicator.strategy;

import io.cryptoflow.common.CandleSchema;
import io.cryptoflow.common.ReplicaPosition;
import io.cryptoflow.common.SqliteErrors;
import io.cryptoflow.common.ThreadPools;
import io.cryptoflow.replicator.core.ApplyListener;
import io.cryptoflow.replicator.core.ConsistencyReport;
import io.cryptoflow.replicator.core.Replication;
import io.cryptoflow.replicator.core.ReplicationMetrics;
import io.cryptoflow.replicator.core.ReplicationSettings;
import io.cryptoflow.replicator.core.ReplicationStatus;
import io.cryptoflow.replicator.core.ReplicationStrategy;
import io.cryptoflow.replicator.core.SnapshotResult;
import io.cryptoflow.replicator.core.SourceState;
import io.cryptoflow.replicator.db.ChangeApplier;
import io.cryptoflow.replicator.db.ConsistencyChecker;
import io.cryptoflow.replicator.db.ReplicaDatabase;
import io.cryptoflow.replicator.db.SourceAttachment;
import io.cryptoflow.replicator.db.SourceDatabase;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bootstrap by snapshot, then per poll copy only the rows stamped {@code rev > position}: one
 * api.db transaction reads collector.db (ATTACHed read-only, so one consistent read snapshot),
 * applies tombstones and upserts, moves cf_state and cf_replica to the new revision, and commits.
 * A crash can therefore neither lose nor double-apply a change: api.db's cf_state.rev always
 * names exactly the collector state it holds.
 *
 * <p>Anything that breaks the chain falls back to a fresh snapshot, logged and counted in
 * {@code cryptoflow.replicator.snapshot.fallbacks}: a different user_version or schema, a collector revision
 * lower than the position (collector.db replaced or restored), a tombstone for an unknown table,
 * an apply error other than a lock timeout, or a failed consistency check.
 */
public final class IncrementalReplication implements Replication {

    private static final Logger LOG = LoggerFactory.getLogger(IncrementalReplication.class);
    /**
     * Between two polls that find collector.db unchanged ({@code PRAGMA data_version}), its revision
     * is still read this often: the probe cannot see the file replaced, and the status' lag wants
     * a fresh observation.
     */
    private static final long STATE_READ_EVERY_MS = 50;
    /**
     * The periodic consistency check runs inside apply transactions (both sides at one revision), a
     * few of its units per apply for at most this long: in one apply it took 170-600 ms on the bench's
     * api.db, and every revision the collector committed meanwhile waited behind it
     * (docs/benchmarks.md "Replication lag: the random-id index, the check in one apply, ...").
     */
    private static final long CHECK_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(4);

    private final SourceDatabase source;
    private final ReplicaDatabase replica;
    private final ReplicationSettings settings;
    private final ReplicationMetrics metrics;
    private final ReplicationStatus status;
    private final SnapshotCopier copier;
    private final ConsistencyChecker checker;
    private final ChangeApplier applier = new ChangeApplier();
    private final WalMeter walMeter;
    private final ApplyListener listener;
    private final WalCheckpointer checkpointer;

    private long position = -1;
    private long sourceSchemaVersion = -1;
    private boolean sourceHasPruneMark;
    /** When the last periodic check's round ended. */
    private long lastCheckAt = System.currentTimeMillis();
    /** The units the periodic check in progress has still to compare; null between rounds. */
    private ArrayDeque<String> checkUnits;
    private long checkRows;
    private long checkNanos;
    private long lastStateReadAt;
    /** The revision the last state read saw; polls skip the read only while api.db holds it. */
    private long lastSeenRev = Long.MAX_VALUE;

    /** Thrown inside a cycle when the chain of revisions is broken and only a snapshot can repair it. */
    private static final class ChainBroken extends Exception {
        ChainBroken(String reason) {
            super(reason);
        }
    }

    public IncrementalReplication(SourceDatabase source, ReplicaDatabase replica, ReplicationSettings settings,
                                  ReplicationMetrics metrics, ReplicationStatus status, ApplyListener listener) {
        this(source, replica, settings, metrics, status, listener, ThreadPools.standalone());
    }

    public IncrementalReplication(SourceDatabase source, ReplicaDatabase replica, ReplicationSettings settings,
                                  ReplicationMetrics metrics, ReplicationStatus status, ApplyListener listener,
                                  ThreadPools pools) {
        this.source = source;
        this.replica = replica;
        this.settings = settings;
        this.metrics = metrics;
        this.status = status;
        this.listener = listener;
        this.walMeter = new WalMeter(replica.file());
        this.copier = new SnapshotCopier(source, replica, metrics, walMeter, ReplicationStrategy.INCREMENTAL);
        this.checkpointer = new WalCheckpointer(replica.file(), settings.checkpointInterval(), metrics, walMeter,
                settings.journalSizeLimitBytes(), pools);
        this.checker = new ConsistencyChecker(metrics);
    }

    @Override
    public void start() {
        checkpointer.start();
    }

    @Override
    public void runOnce() throws SQLException, IOException {
        long polledAt = System.currentTimeMillis();
        if (position >= 0 && lastSeenRev <= position && polledAt - lastStateReadAt < STATE_READ_EVERY_MS
                && !checkDue(polledAt) && source.unchangedSinceLastState()) {
            return; // the collector committed nothing since the revision we hold
        }
        lastStateReadAt = polledAt;
        Optional<SourceState> state = status.sourceStateOrWaiting(source.state(), source::waitingReason);
        if (state.isEmpty()) {
            lastSeenRev = Long.MAX_VALUE;
            return;
        }
        lastSeenRev = state.get().rev();
        long now = System.currentTimeMillis();
        if (position < 0) {
            Optional<ReplicaPosition> p = replica.positionOrQuarantine();
            if (p.isEmpty()) {
                snapshot("bootstrap: api.db has no replica yet", false);
                return;
            }
            position = p.get().sourceRev();
            LOG.info("Resuming incremental replication at rev {} (collector.db at {})", position, state.get().rev());
        }
        status.observed(state.get(), position, now);
        if (state.get().rev() == position) {
            confirmCurrent(now);
        }
        boolean checkDue = checkDue(now);
        if (state.get().rev() == position && !checkDue) {
            return;
        }
        cycle(checkDue ? CheckMode.WINDOW : CheckMode.NONE);
    }

    /** Nothing new in collector.db: say so in api.db (cf_replica_check), in the checkpointer's write turn. */
    private void confirmCurrent(long now) throws SQLException {
        Lock turn = checkpointer.writeTurn();
        turn.lock();
        try {
            replica.confirmCurrent(position, now);
        } finally {
            turn.unlock();
        }
    }

    /** A periodic check's round is in progress, or the interval since the last one has passed. */
    private boolean checkDue(long now) {
        return checkUnits != null || now - lastCheckAt >= settings.consistencyCheckInterval().toMillis();
    }

    private enum CheckMode { NONE, WINDOW, FULL }

    /** One apply (and optional check) transaction; falls back to a snapshot when the chain is broken. */
    private Optional<ConsistencyReport> cycle(CheckMode check) throws SQLException, IOException {
        try {
            return applyInTransaction(check);
        } catch (ChainBroken e) {
            snapshot(e.getMessage(), true);
            return Optional.empty();
        }
    }

    /** The apply transaction in the checkpointer's write turn: a RESTART in progress ends first. */
    private Optional<ConsistencyReport> applyInTransaction(CheckMode check) throws SQLException, ChainBroken {
        Lock turn = checkpointer.writeTurn();
        turn.lock();
        try {
            return applyInTurn(check);
        } finally {
            turn.unlock();
        }
    }

    private Optional<ConsistencyReport> applyInTurn(CheckMode check) throws SQLException, ChainBroken {
        Connection c = replica.connection();
        if (source.replacedSinceLastCheck()) {
            // collector.db is a new file (restored, recreated): the old ATTACH still reads the old inode
            SourceAttachment.detach(c);
        }
        SourceAttachment.attach(c, source.file());
        long started = System.nanoTime();
        long startedAt = System.currentTimeMillis();
        long waiting = status.currentLagMillis(startedAt);
        long pendingSince = waiting > 0 ? startedAt - waiting : 0;
        c.setAutoCommit(false);
        boolean committed = false;
        boolean wrote = false;
        try {
            long[] src = sourceState(c);
            long srcRev = src[0];
            verifySchema(c);
            long mainRev = ConsistencyChecker.rev(c, "main");
            if (mainRev != position) {
                LOG.warn("api.db is at rev {} but the replicator expected {}; continuing from api.db", mainRev, position);
                position = mainRev;
            }
            if (srcRev < position) {
                throw new ChainBroken("collector.db is at rev " + srcRev + ", behind api.db's " + position
                        + " (collector.db replaced or restored?)");
            }
            long prunedThrough = sourceHasPruneMark ? tombstonesPrunedThrough(c) : 0;
            if (prunedThrough > position) {
                throw new ChainBroken("collector.db pruned its tombstones through rev " + prunedThrough
                        + ", past api.db's " + position + ": deletions in between cannot be replayed");
            }
            ChangeApplier.Applied applied = new ChangeApplier.Applied(0, 0);
            long appliedAt = 0;
            if (srcRev > position) {
                wrote = true;
                applied = applier.apply(c, position);
                if (prunedThrough > 0) {
                    ChangeApplier.pruneTombstones(c, prunedThrough);
                }
                appliedAt = System.currentTimeMillis();
                replica.writePosition(new ReplicaPosition(srcRev, src[1], appliedAt,
                        ReplicationStrategy.INCREMENTAL.label()));
            }
            ConsistencyReport report = null;
            if (check != CheckMode.NONE) {
                report = check == CheckMode.FULL
                        ? checker.compareInTransaction(c, srcRev, settings.consistencyWindowRows(), true)
                        : checkSlice(c, srcRev);
                if (!report.consistent()) {
                    checkUnits = null;
                    c.rollback();
                    throw new ChainBroken("consistency check failed at rev " + srcRev + ": " + report.mismatches());
                }
            }
            if (srcRev == position) {
                c.rollback();
                return Optional.ofNullable(report);
            }
            c.commit();
            committed = true;
            long visibleAt = System.currentTimeMillis();
            long previous = position;
            position = srcRev;
            metrics.applyDuration.update(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            metrics.rowsApplied.mark(applied.rows());
            metrics.tombstonesApplied.mark(applied.tombstones());
            long oldestCommit = pendingSince > 0 && pendingSince < src[1] ? pendingSince : src[1];
            metrics.lag.update(Math.max(0, visibleAt - oldestCommit));
            status.observed(new SourceState(srcRev, src[1], 0), srcRev, visibleAt);
            listener.applied(srcRev, visibleAt, applied.rows());
            LOG.debug("Applied revs {}..{}: {} rows, {} tombstones", previous + 1, srcRev, applied.rows(), applied.tombstones());
            return Optional.ofNullable(report);
        } catch (SQLException e) {
            if (SqliteErrors.isBusyOrLocked(e) || SqliteErrors.isStorageFailure(e)) {
                throw e; // a lock timeout or a full disk: retried as it is, a snapshot would need both
            }
            throw new ChainBroken("apply failed: " + e.getMessage());
        } finally {
            if (!committed && wrote) {
                applier.forgetPartitions();
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // nothing to undo
                }
            }
            try {
                c.setAutoCommit(true);
            } catch (SQLException e) {
                // After an I/O error SQLite has already rolled back, so this "commit" fails too; the
                // error that matters is the one propagating. A fresh connection next cycle is simplest.
                LOG.debug("Resetting {} after a failed apply: {}", replica.file(), e.getMessage());
                replica.close();
            }
            if (committed) {
                checkpointer.applied();
            }
        }
    }

    /**
     * The next units of the periodic check, for at most {@link #CHECK_SLICE_NANOS} (at least one), in
     * the apply transaction; the round that compared the last unit counts as one check.
     */
    private ConsistencyReport checkSlice(Connection c, long rev) throws SQLException {
        if (checkUnits == null) {
            checkUnits = new ArrayDeque<>(ConsistencyChecker.units(c));
            checkRows = 0;
            checkNanos = 0;
        }
        long started = System.nanoTime();
        ConsistencyReport report;
        do {
            report = checker.compareUnitsInTransaction(c, rev, settings.consistencyWindowRows(), List.of(checkUnits.poll()));
            checkRows += report.rowsCompared();
        } while (report.consistent() && !checkUnits.isEmpty() && System.nanoTime() - started < CHECK_SLICE_NANOS);
        checkNanos += System.nanoTime() - started;
        if (report.consistent() && checkUnits.isEmpty()) {
            checkUnits = null;
            lastCheckAt = System.currentTimeMillis();
            metrics.consistencyChecks.inc();
            metrics.consistencyDuration.update(checkNanos, TimeUnit.NANOSECONDS);
            LOG.debug("Periodic consistency check done at rev {}: {} rows equal", rev, checkRows);
        }
        return report;
    }

    private static long[] sourceState(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT rev, committed_at FROM src.cf_state WHERE id = 1")) {
            if (!rs.next()) {
                throw new SQLException("collector.db has no cf_state row");
            }
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }

    /** Tombstones with {@code rev <=} this were pruned by the collector (0: never). */
    private static long tombstonesPrunedThrough(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT " + CandleSchema.STATE_PRUNED_REV + " FROM src.cf_state WHERE id = 1")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private void verifySchema(Connection c) throws SQLException, ChainBroken {
        long srcUser = ChangeApplier.pragma(c, SourceAttachment.SCHEMA, "user_version");
        long mainUser = ChangeApplier.pragma(c, "main", "user_version");
        if (srcUser != mainUser) {
            throw new ChainBroken("schema version changed: collector.db user_version " + srcUser + ", api.db " + mainUser);
        }
        long version = ChangeApplier.pragma(c, SourceAttachment.SCHEMA, "schema_version");
        if (version != sourceSchemaVersion) {
            String srcSchema = ChangeApplier.schemaSql(c, SourceAttachment.SCHEMA);
            String mainSchema = ChangeApplier.schemaSql(c, "main");
            if (!srcSchema.equals(mainSchema)) {
                throw new ChainBroken("collector.db schema differs from api.db's");
            }
            sourceSchemaVersion = version;
            sourceHasPruneMark = ChangeApplier.hasColumn(c, SourceAttachment.SCHEMA, "cf_state", CandleSchema.STATE_PRUNED_REV);
            applier.reset();
        }
    }

    private SnapshotResult snapshot(String reason, boolean fallback) throws SQLException, IOException {
        if (fallback) {
            metrics.fallbackSnapshots.inc();
            LOG.warn("Falling back to a full snapshot: {}", reason);
        }
        SnapshotResult r = copier.copy(reason);
        checkUnits = null;
        position = r.sourceRev();
        sourceSchemaVersion = -1;
        applier.reset();
        replica.boundWal();
        long done = System.currentTimeMillis();
        status.observed(new SourceState(r.sourceRev(), r.sourceCommittedAt(), 0), r.sourceRev(), done);
        status.snapshotDone(done);
        listener.applied(r.sourceRev(), done, -1);
        return r;
    }

    @Override
    public SnapshotResult resync(String reason) throws SQLException, IOException {
        if (source.state().isEmpty()) {
            throw new SQLException(source.waitingReason());
        }
        return snapshot(reason, false);
    }

    @Override
    public ConsistencyReport verify() throws SQLException, IOException {
        if (source.state().isEmpty()) {
            return ConsistencyReport.notComparable(source.waitingReason());
        }
        if (position < 0) {
            runOnce();
        }
        try {
            return applyInTransaction(CheckMode.FULL).orElseThrow();
        } catch (ChainBroken e) {
            snapshot(e.getMessage(), true);
            return new ConsistencyReport(position, true, true, 0, List.of(e.getMessage() + " (resynced)"));
        }
    }

    public long position() {
        return position;
    }

    @Override
    public void close() {
        checkpointer.close();
        source.close();
        replica.close();
    }
}
