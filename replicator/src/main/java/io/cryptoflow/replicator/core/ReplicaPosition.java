package io.cryptoflow.replicator.core;

/** The {@code cf_replica} row: which collector revision api.db holds and when it became visible. */
public record ReplicaPosition(long sourceRev, long sourceCommittedAt, long appliedAt, String strategy) {
}
