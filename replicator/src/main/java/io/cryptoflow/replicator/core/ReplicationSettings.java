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
        long journalSizeLimitBytes,
        Duration checkpointInterval) {

    public static ReplicationSettings defaults(Path source, Path target, ReplicationStrategy strategy) {
        return new ReplicationSettings(source, target, strategy, Duration.ofSeconds(1), Duration.ofMillis(1),
                Duration.ofSeconds(30), Duration.ofSeconds(30), 500, 8L * 1024 * 1024, Duration.ofSeconds(1));
    }

    public ReplicationSettings withStrategy(ReplicationStrategy s) {
        return new ReplicationSettings(source, target, s, snapshotInterval, pollInterval, maxLag,
                consistencyCheckInterval, consistencyWindowRows, journalSizeLimitBytes, checkpointInterval);
    }

    public ReplicationSettings withIntervals(Duration snapshot, Duration poll) {
        return new ReplicationSettings(source, target, strategy, snapshot, poll, maxLag,
                consistencyCheckInterval, consistencyWindowRows, journalSizeLimitBytes, checkpointInterval);
    }

    public ReplicationSettings withConsistencyCheck(Duration interval, long windowRows) {
        return new ReplicationSettings(source, target, strategy, snapshotInterval, pollInterval, maxLag,
                interval, windowRows, journalSizeLimitBytes, checkpointInterval);
    }

    public ReplicationSettings withCheckpointInterval(Duration interval) {
        return new ReplicationSettings(source, target, strategy, snapshotInterval, pollInterval, maxLag,
                consistencyCheckInterval, consistencyWindowRows, journalSizeLimitBytes, interval);
    }

    /** The delay between two cycles of the loop. */
    public Duration tick() {
        return strategy == ReplicationStrategy.SNAPSHOT ? snapshotInterval : pollInterval;
    }
}
