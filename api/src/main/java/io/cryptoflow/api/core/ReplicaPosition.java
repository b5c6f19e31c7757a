package io.cryptoflow.api.core;

/** The replicator's row in api.db ({@code cf_replica}, id = 1). Times are epoch ms. */
public record ReplicaPosition(long sourceRev, long sourceCommittedAt, long appliedAt, String strategy) {
}
