package io.cryptoflow.collector.store;

import java.time.Duration;

/**
 * How long the writer keeps tombstones (measured from the deleting batch's commit time) and how
 * often it prunes older ones. A replica further behind than the retention must take a snapshot.
 */
public record TombstoneRetention(Duration retention, Duration pruneInterval) {

    public static final TombstoneRetention DEFAULT = new TombstoneRetention(Duration.ofDays(7), Duration.ofHours(1));

    public TombstoneRetention {
        if (retention == null || retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("tombstone retention must be positive, got " + retention);
        }
        if (pruneInterval == null || pruneInterval.isNegative() || pruneInterval.isZero()) {
            throw new IllegalArgumentException("tombstone prune interval must be positive, got " + pruneInterval);
        }
    }
}
