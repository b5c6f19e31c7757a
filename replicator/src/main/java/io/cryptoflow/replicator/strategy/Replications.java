package io.cryptoflow.replicator.strategy;

import io.cryptoflow.common.ThreadPools;
import io.cryptoflow.replicator.core.ApplyListener;
import io.cryptoflow.replicator.core.Replication;
import io.cryptoflow.replicator.core.ReplicationMetrics;
import io.cryptoflow.replicator.core.ReplicationSettings;
import io.cryptoflow.replicator.core.ReplicationStatus;
import io.cryptoflow.replicator.db.ReplicaDatabase;
import io.cryptoflow.replicator.db.SourceDatabase;

/** Builds the configured strategy over the two database files. */
public final class Replications {

    private Replications() {
    }

    public static Replication create(ReplicationSettings settings, ReplicationMetrics metrics, ReplicationStatus status) {
        return create(settings, metrics, status, ApplyListener.NONE);
    }

    public static Replication create(ReplicationSettings settings, ReplicationMetrics metrics, ReplicationStatus status,
                                     ApplyListener listener) {
        return create(settings, metrics, status, listener, ThreadPools.standalone());
    }

    /** @param pools where background threads (the incremental strategy's checkpoints) come from */
    public static Replication create(ReplicationSettings settings, ReplicationMetrics metrics, ReplicationStatus status,
                                     ApplyListener listener, ThreadPools pools) {
        SourceDatabase source = new SourceDatabase(settings.source());
        ReplicaDatabase replica = new ReplicaDatabase(settings.target(), settings.journalSizeLimitBytes());
        return switch (settings.strategy()) {
            case SNAPSHOT -> new SnapshotReplication(source, replica, metrics, status, listener);
            case INCREMENTAL -> new IncrementalReplication(source, replica, settings, metrics, status, listener, pools);
        };
    }
}
