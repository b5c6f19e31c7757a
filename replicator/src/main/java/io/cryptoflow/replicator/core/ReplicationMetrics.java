package io.cryptoflow.replicator.core;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.SlidingTimeWindowArrayReservoir;
import com.codahale.metrics.Timer;
import java.util.concurrent.TimeUnit;

/** The replicator's metrics, all under {@code replicator.*}. */
public final class ReplicationMetrics {

    public final Timer snapshotDuration;
    public final Counter snapshots;
    public final Histogram snapshotPages;
    public final Counter snapshotBytes;
    public final Counter fallbackSnapshots;
    /** Collector commit → visible in api.db, in ms, over the last five minutes (p50/p99 from the snapshot). */
    public final Histogram lag;
    public final Timer applyDuration;
    public final Meter rowsApplied;
    public final Meter tombstonesApplied;
    public final Counter walBytesWritten;
    public final Timer checkpointDuration;
    public final Counter errors;
    public final Counter consistencyChecks;
    public final Counter consistencyFailures;
    public final Timer consistencyDuration;

    public ReplicationMetrics(MetricRegistry registry, ReplicationStatus status) {
        snapshotDuration = registry.timer("replicator.snapshot.duration");
        snapshots = registry.counter("replicator.snapshot.count");
        snapshotPages = registry.histogram("replicator.snapshot.pages");
        snapshotBytes = registry.counter("replicator.snapshot.bytes");
        fallbackSnapshots = registry.counter("replicator.snapshot.fallbacks");
        lag = registry.histogram("replicator.lag.ms",
                () -> new Histogram(new SlidingTimeWindowArrayReservoir(5, TimeUnit.MINUTES)));
        applyDuration = registry.timer("replicator.apply.duration");
        rowsApplied = registry.meter("replicator.apply.rows");
        tombstonesApplied = registry.meter("replicator.apply.tombstones");
        walBytesWritten = registry.counter("replicator.wal.bytes_written");
        checkpointDuration = registry.timer("replicator.checkpoint.duration");
        errors = registry.counter("replicator.errors");
        consistencyChecks = registry.counter("replicator.consistency.checks");
        consistencyFailures = registry.counter("replicator.consistency.failures");
        consistencyDuration = registry.timer("replicator.consistency.duration");
        registry.gauge("replicator.position", () -> (Gauge<Long>) status::position);
        registry.gauge("replicator.source.rev", () -> (Gauge<Long>) status::sourceRev);
        registry.gauge("replicator.lag.current.ms",
                () -> (Gauge<Long>) () -> status.currentLagMillis(System.currentTimeMillis()));
    }
}
