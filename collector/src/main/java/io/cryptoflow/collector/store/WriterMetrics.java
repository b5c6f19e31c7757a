package io.cryptoflow.collector.store;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import java.util.function.LongSupplier;

/** The writer's metrics, all under {@code cryptoflow.collector.writer.*} plus the SQLite lock counter. */
final class WriterMetrics {

    /** Each time SQLite met a lock on collector.db (busy handler, failed statement or checkpoint). */
    final Counter busyEvents;
    final Meter batchesWritten;
    final Meter batchesFailed;
    final Meter storageFailures;
    final Meter rowsChanged;
    final Meter rowsUnchanged;
    final Timer batchTimer;
    final Meter tombstonesWritten;
    final Meter tombstonesPruned;

    WriterMetrics(MetricRegistry metrics) {
        this.busyEvents = metrics.counter("cryptoflow.collector.sqlite.busy");
        this.batchesWritten = metrics.meter("cryptoflow.collector.writer.batches");
        this.batchesFailed = metrics.meter("cryptoflow.collector.writer.failed-batches");
        this.storageFailures = metrics.meter("cryptoflow.collector.writer.storage-failures");
        this.rowsChanged = metrics.meter("cryptoflow.collector.writer.rows-changed");
        this.rowsUnchanged = metrics.meter("cryptoflow.collector.writer.rows-unchanged");
        this.batchTimer = metrics.timer("cryptoflow.collector.writer.batch");
        this.tombstonesWritten = metrics.meter("cryptoflow.collector.writer.tombstones-written");
        this.tombstonesPruned = metrics.meter("cryptoflow.collector.writer.tombstones-pruned");
    }

    /** The gauges read the writer's live state. */
    static void registerGauges(MetricRegistry metrics, LongSupplier prunedRev, LongSupplier queued,
                               LongSupplier rev, LongSupplier outageMs) {
        metrics.gauge("cryptoflow.collector.writer.tombstones-pruned-rev", () -> prunedRev::getAsLong);
        metrics.gauge("cryptoflow.collector.writer.queue", () -> () -> (int) queued.getAsLong());
        metrics.gauge("cryptoflow.collector.writer.rev", () -> rev::getAsLong);
        metrics.gauge("cryptoflow.collector.writer.outage-ms", () -> outageMs::getAsLong);
    }
}
