package io.cryptoflow.collector.sources.depth;

/**
 * A depth connection's clocks: client ping, silence before reconnecting, reconnect backoff, and the
 * least time between two REST snapshots of one market.
 */
record DepthTiming(long pingMillis, long silenceMillis, long minReconnectMillis, long maxReconnectMillis,
                   long snapshotSpacingMillis) {

    static final DepthTiming DEFAULT = new DepthTiming(20_000, 30_000, 1_000, 60_000, 1_000);
}
