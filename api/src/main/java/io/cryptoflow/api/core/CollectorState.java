package io.cryptoflow.api.core;

/** The collector's {@code cf_state} row as copied into api.db. */
public record CollectorState(long rev, long committedAt, long busyEvents) {
}
