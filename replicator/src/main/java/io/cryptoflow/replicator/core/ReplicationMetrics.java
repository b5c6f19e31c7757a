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
        snapshotDuration = registry.timer("cryptoflow.replicator.snapshot.duration");
        snapshots = registry.counter("cryptoflow.replicator.snapshot.count");
        snapshotPages = registry.histogram("cryptoflow.replicator.snapshot.pages");
        snapshotBytes = registry.counter("cryptoflow.replicator.snapshot.bytes");
        fallbackSnapshots = registry.counter("cryptoflow.replicator.snapshot.fallbacks");
        lag = registry.histogram("cryptoflow.replicator.lag.ms",
                () -> new Histogram(new SlidingTimeWindowArrayReservoir(5, TimeUnit.MINUTES)));
        applyDuration = registry.timer("cryptoflow.replicator.apply.duration");
        rowsApplied = registry.meter("cryptoflow.replicator.apply.rows");
        tombstonesApplied = registry.meter("cryptoflow.replicator.apply.tombstones");
        walBytesWritten = registry.counter("cryptoflow.replicator.wal.bytes-written");
        checkpointDuration = registry.timer("cryptoflow.replicator.checkpoint.duration");
        errors = registry.counter("cryptoflow.replicator.cycle.errors");
        consistencyChecks = registry.counter("cryptoflow.replicator.consistency.checks");
        consistencyFailures = registry.counter("cryptoflow.replicator.consistency.failures");
        consistencyDuration = registry.timer("cryptoflow.replicator.consistency.duration");
        registry.gauge("cryptoflow.replicator.replica.position", () -> (Gauge<Long>) status::position);
        registry.gauge("cryptoflow.replicator.source.rev", () -> (Gauge<Long>) status::sourceRev);
        registry.gauge("cryptoflow.replicator.lag.current-ms",
                () -> (Gauge<Long>) () -> status.currentLagMillis(System.currentTimeMillis()));
    }
}
