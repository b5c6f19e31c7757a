package io.cryptoflow.replicator.core;

/** Told, on the replication thread, each time a collector revision became visible in api.db. Used by the bench. */
@FunctionalInterface
public interface ApplyListener {

    ApplyListener NONE = (rev, visibleAtMillis, rows) -> { };

    /** @param rows rows applied, or -1 for a snapshot */
    void applied(long rev, long visibleAtMillis, long rows);
}
