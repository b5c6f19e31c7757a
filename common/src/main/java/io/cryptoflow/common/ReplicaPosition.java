package io.cryptoflow.common;

/**
 * The replicator's {@code cf_replica} row in api.db ({@link ReplicaSchema}): which collector revision
 * api.db holds, that revision's commit time in collector.db, when it became visible in api.db (epoch
 * ms) and the strategy that applied it. Written by the replicator, read by the API.
 */
public record ReplicaPosition(long sourceRev, long sourceCommittedAt, long appliedAt, String strategy) {
}
