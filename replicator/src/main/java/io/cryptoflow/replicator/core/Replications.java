package io.cryptoflow.replicator.core;

import io.cryptoflow.replicator.db.ReplicaDatabase;
import io.cryptoflow.replicator.db.SourceDatabase;

/** Builds the configured strategy over the two database files. */
public final class Replications {

    private Replications() {
    }

    public static Replication create(ReplicationSettings settings, ReplicationMetrics metrics, ReplicationStatus status) {
        return create(settings, metrics, status, IncrementalReplication.ApplyListener.NONE);
    }

    public static Replication create(ReplicationSettings settings, ReplicationMetrics metrics, ReplicationStatus status,
                                     IncrementalReplication.ApplyListener listener) {
        SourceDatabase source = new SourceDatabase(settings.source());
        ReplicaDatabase replica = new ReplicaDatabase(settings.target(), settings.journalSizeLimitBytes());
        return switch (settings.strategy()) {
            case SNAPSHOT -> new SnapshotReplication(source, replica, metrics, status);
            case INCREMENTAL -> new IncrementalReplication(source, replica, settings, metrics, status, listener);
        };
    }
}
