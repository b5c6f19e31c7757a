package io.cryptoflow.replicator.bench;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Snapshot;
import io.cryptoflow.replicator.core.Replication;
import io.cryptoflow.replicator.core.ReplicationLoop;
import io.cryptoflow.replicator.core.ReplicationMetrics;
import io.cryptoflow.replicator.core.ReplicationSettings;
import io.cryptoflow.replicator.core.ReplicationStatus;
import io.cryptoflow.replicator.core.Replications;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Drives one replication strategy over given files for a benchmark and measures it.
 *
 * <p>Exact lag: a writer in the same JVM calls {@link #committed(long)} right after each
 * collector commit; when a cycle makes revision r visible in api.db every recorded commit
 * {@code <= r} gets a sample {@code visible - committed} (System.nanoTime). With an external
 * writer, {@link Result#metricLagP50Ms()} and p99 come from the {@code cryptoflow.replicator.lag.ms} histogram
 * (ms resolution, newest commit of each batch vs the first time the replicator saw it pending).
 */
public final class ReplicationBench implements AutoCloseable {

    /**
     * What one run measured. {@code walBytesWritten}: bytes the replicator wrote into api.db's WAL
     * (applies, cf_replica stamps, and every page of each snapshot copied into the live api.db; the
     * checkpoint later writes those pages once more into api.db). {@code snapshotBytes}: pages of
     * all snapshots, including a bootstrap that went to a side file and was renamed (no WAL).
     */
    public record Result(String strategy, int samples, double lagP50Ms, double lagP99Ms, double lagMaxMs,
                         double metricLagP50Ms, double metricLagP99Ms, long snapshots, long fallbackSnapshots,
                         long rowsApplied, long walBytesWritten, long snapshotBytes, long apiDbBytes, long apiWalBytes,
                         long position, double seconds) {

        /** WAL bytes per minute of the run (a bootstrap via rename writes no WAL; see snapshotBytes). */
        public double walBytesPerMinute() {
            return seconds <= 0 ? 0 : walBytesWritten * 60.0 / seconds;
        }
    }

    private final ReplicationSettings settings;
    private final MetricRegistry registry = new MetricRegistry();
    private final ReplicationStatus status;
    private final ReplicationMetrics metrics;
    private final ReplicationLoop loop;
    private final ConcurrentSkipListMap<Long, Long> pendingCommits = new ConcurrentSkipListMap<>();
    private final List<Long> lagNanos = new ArrayList<>();
    private volatile long visibleRev = -1;
    private long startedNanos;
    private long stoppedNanos;

    public ReplicationBench(ReplicationSettings settings) {
        this.settings = settings;
        this.status = new ReplicationStatus(settings.strategy());
        this.metrics = new ReplicationMetrics(registry, status);
        Replication replication = Replications.create(settings, metrics, status, this::applied);
        this.loop = new ReplicationLoop(replication, settings, status, metrics);
    }

    /** Runs the replicator until {@link #close()}; the bootstrap snapshot (if any) happens in the first cycle. */
    public ReplicationBench start() {
        startedNanos = System.nanoTime();
        loop.start();
        return this;
    }

    /** Call right after the collector committed {@code rev}. */
    public void committed(long rev) {
        pendingCommits.put(rev, System.nanoTime());
    }

    private void applied(long rev, long visibleAtMillis, long rows) {
        long now = System.nanoTime();
        Map<Long, Long> done = pendingCommits.headMap(rev, true);
        synchronized (lagNanos) {
            for (Long committedAt : done.values()) {
                lagNanos.add(now - committedAt);
            }
        }
        done.clear();
        visibleRev = rev; // last, so a waiter sees the samples of this revision already recorded
    }

    /** Clears lag samples and counters' baselines, e.g. after the bootstrap snapshot. */
    public void resetSamples() {
        synchronized (lagNanos) {
            lagNanos.clear();
        }
    }

    public boolean awaitVisible(long rev, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (visibleRev < rev && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return visibleRev >= rev;
    }

    /** Dropwizard metrics of the run (cryptoflow.replicator.apply.duration, cryptoflow.replicator.consistency.duration, ...). */
    public MetricRegistry registry() {
        return registry;
    }

    public Result result() throws IOException {
        long end = stoppedNanos > 0 ? stoppedNanos : System.nanoTime();
        long[] sorted;
        synchronized (lagNanos) {
            sorted = lagNanos.stream().mapToLong(Long::longValue).sorted().toArray();
        }
        Snapshot h = metrics.lag.getSnapshot();
        Path api = settings.target();
        Path wal = api.resolveSibling(api.getFileName() + "-wal");
        return new Result(settings.strategy().label(), sorted.length, percentileMs(sorted, 0.50),
                percentileMs(sorted, 0.99), sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6,
                h.getMedian(), h.get99thPercentile(), metrics.snapshots.getCount(),
                metrics.fallbackSnapshots.getCount(), metrics.rowsApplied.getCount(),
                metrics.walBytesWritten.getCount(), metrics.snapshotBytes.getCount(),
                Files.exists(api) ? Files.size(api) : 0, Files.exists(wal) ? Files.size(wal) : 0, status.position(),
                (end - startedNanos) / 1e9);
    }

    private static double percentileMs(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
        return sorted[Math.max(0, i)] / 1e6;
    }

    @Override
    public void close() throws InterruptedException {
        stoppedNanos = System.nanoTime();
        loop.stop();
    }

    public static String format(Result r) {
        return String.join(" ", Arrays.asList(
                "strategy=" + r.strategy(), "samples=" + r.samples(),
                "lagP50=%.1fms lagP99=%.1fms lagMax=%.1fms".formatted(r.lagP50Ms(), r.lagP99Ms(), r.lagMaxMs()),
                "metricLagP50=%.0fms metricLagP99=%.0fms".formatted(r.metricLagP50Ms(), r.metricLagP99Ms()),
                "snapshots=" + r.snapshots(), "fallbacks=" + r.fallbackSnapshots(), "rowsApplied=" + r.rowsApplied(),
                "walBytes=" + r.walBytesWritten(), "snapshotBytes=" + r.snapshotBytes(),
                "apiDb=" + r.apiDbBytes(), "apiWal=" + r.apiWalBytes(), "position=" + r.position(),
                "seconds=%.1f".formatted(r.seconds())));
    }
}
