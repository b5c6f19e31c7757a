package io.cryptoflow.replicator.core;

/** One finished backup-API copy. */
public record SnapshotResult(long sourceRev, long sourceCommittedAt, long pages, long pageSize, long durationNanos,
                             boolean bootstrap) {

    public long bytes() {
        return pages * pageSize;
    }
}
