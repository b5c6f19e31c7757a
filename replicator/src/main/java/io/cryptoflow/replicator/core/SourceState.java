package io.cryptoflow.replicator.core;

/** collector.db's {@code cf_state} row and schema version, read in one read transaction. */
public record SourceState(long rev, long committedAt, int userVersion) {
}
