package io.cryptoflow.api.core;

import io.cryptoflow.common.ReplicaPosition;

/**
 * The replicator's position and when api.db was last known to hold collector.db's newest revision:
 * the last apply, or a later confirmation ({@code cf_replica_check}) that collector.db had nothing
 * newer. A collector with nothing to write (every exchange unreachable) leaves the apply old while
 * the replicator keeps confirming: that is an idle source, not a stale replica.
 *
 * @param confirmedAt null when the replicator has not confirmed the applied revision
 */
public record ReplicaFreshness(ReplicaPosition position, Long confirmedAt) {

    /** The last time api.db was known to be current with collector.db (epoch ms). */
    public long currentAsOf() {
        return confirmedAt == null ? position.appliedAt() : Math.max(position.appliedAt(), confirmedAt);
    }

    /** The replicator found nothing newer after its last apply: collector.db has not changed since. */
    public boolean sourceIdle() {
        return confirmedAt != null && confirmedAt > position.appliedAt();
    }
}
