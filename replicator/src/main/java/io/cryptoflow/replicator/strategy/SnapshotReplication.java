package io.cryptoflow.replicator.strategy;

import io.cryptoflow.common.ReplicaPosition;
import io.cryptoflow.replicator.core.ApplyListener;
import io.cryptoflow.replicator.core.ConsistencyReport;
import io.cryptoflow.replicator.core.Replication;
import io.cryptoflow.replicator.core.ReplicationMetrics;
import io.cryptoflow.replicator.core.ReplicationStatus;
import io.cryptoflow.replicator.core.ReplicationStrategy;
import io.cryptoflow.replicator.core.SnapshotResult;
import io.cryptoflow.replicator.core.SourceState;
import io.cryptoflow.replicator.db.ConsistencyChecker;
import io.cryptoflow.replicator.db.ReplicaDatabase;
import io.cryptoflow.replicator.db.SourceDatabase;
import java.io.IOException;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The card's design: whenever collector.db's revision differs from the one api.db holds, one
 * backup-API copy of the whole database. The loop's tick (snapshotInterval) bounds the copy rate.
 */
public final class SnapshotReplication implements Replication {

    private final SourceDatabase source;
    private final ReplicaDatabase replica;
    private final SnapshotCopier copier;
    private final ReplicationStatus status;
    private final ConsistencyChecker checker;
    private final ApplyListener listener;

    public SnapshotReplication(SourceDatabase source, ReplicaDatabase replica, ReplicationMetrics metrics,
                               ReplicationStatus status, ApplyListener listener) {
        this.listener = listener;
        this.source = source;
        this.replica = replica;
        this.status = status;
        this.copier = new SnapshotCopier(source, replica, metrics, new WalMeter(replica.file()), ReplicationStrategy.SNAPSHOT);
        this.checker = new ConsistencyChecker(metrics);
    }

    @Override
    public void runOnce() throws SQLException, IOException {
        Optional<SourceState> state = status.sourceStateOrWaiting(source.state(), source::waitingReason);
        if (state.isEmpty()) {
            return;
        }
        long now = System.currentTimeMillis();
        Optional<ReplicaPosition> position = replica.positionOrQuarantine();
        long applied = position.map(ReplicaPosition::sourceRev).orElse(-1L);
        status.observed(state.get(), applied, now);
        if (applied != state.get().rev() || position.map(p -> p.appliedAt() == 0).orElse(true)) {
            SnapshotResult result = copier.copy(position.isEmpty() ? "bootstrap" : "source changed");
            long done = System.currentTimeMillis();
            status.observed(new SourceState(result.sourceRev(), result.sourceCommittedAt(), state.get().userVersion()),
                    result.sourceRev(), done);
            status.snapshotDone(done);
            listener.applied(result.sourceRev(), done, -1);
        } else {
            replica.confirmCurrent(applied, now);
        }
    }

    @Override
    public SnapshotResult resync(String reason) throws SQLException, IOException {
        SourceState state = source.state().orElseThrow(() -> new SQLException(source.waitingReason()));
        SnapshotResult result = copier.copy(reason);
        long done = System.currentTimeMillis();
        status.observed(new SourceState(result.sourceRev(), result.sourceCommittedAt(), state.userVersion()),
                result.sourceRev(), done);
        status.snapshotDone(done);
        listener.applied(result.sourceRev(), done, -1);
        return result;
    }

    @Override
    public ConsistencyReport verify() throws SQLException, IOException {
        if (source.state().isEmpty()) {
            return ConsistencyReport.notComparable(source.waitingReason());
        }
        return checker.compareAttached(replica.connection(), source.file(), 0, true);
    }

    @Override
    public void close() {
        source.close();
        replica.close();
    }
}
