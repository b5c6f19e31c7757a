package io.cryptoflow.collector.store;

/** A stored trade's collector id and time, as the sequencer needs them to continue after it. */
public record StoredTrade(long id, long time) {
}
