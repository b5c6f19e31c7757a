package io.cryptoflow.replicator.core;

import java.nio.file.Path;
import java.time.Duration;

/** Everything the replication loop needs, free of Dropwizard types so benches and child JVMs can build it. */
public record ReplicationSettings(
        Path source,
        Path target,
        ReplicationStrategy strategy,
        Duration snapshotInterval,
        Duration pollInterval,
        Duration maxLag,
        Duration consistencyCheckInterval,
        long consistencyWindowRows,
        long journalSizeLimitBytes) {

    public static ReplicationSettings defaults(Path source, Path target, ReplicationStrategy strategy) {
        return new ReplicationSettings(source, target, strategy, Duration.ofSeconds(1), Duration.ofMillis(25),
                Duration.ofSeconds(30), Duration.ofSeconds(30), 500, 8L * 1024 * 1024);
    }

    public ReplicationSettings withStrategy(ReplicationStrategy s) {
        return new ReplicationSettings(source, target, s, snapshotInterval, pollInterval, maxLag,
                consistencyCheckInterval, consistencyWindowRows, journalSizeLimitBytes);
    }

    public ReplicationSettings withIntervals(Duration snapshot, Duration poll) {
        return new ReplicationSettings(source, target, strategy, snapshot, poll, maxLag,
                consistencyCheckInterval, consistencyWindowRows, journalSizeLimitBytes);
    }

    public ReplicationSettings withConsistencyCheck(Duration interval, long windowRows) {
        return new ReplicationSettings(source, target, strategy, snapshotInterval, pollInterval, maxLag,
                interval, windowRows, journalSizeLimitBytes);
    }

    /** The delay between two cycles of the loop. */
    public Duration tick() {
        return strategy == ReplicationStrategy.SNAPSHOT ? snapshotInterval : pollInterval;
    }
}
