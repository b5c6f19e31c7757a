package io.cryptoflow.collector.load;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.cryptoflow.common.ThreadPools;
import io.dropwizard.lifecycle.Managed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * When history pages may be fetched: while other processes keep more than {@code othersCpuAbove}
 * of the machine's CPU busy (the API serving a chart or a bot's flood of reads, on the same
 * machine), each backfill page waits, at most {@code maxWaitMillis}, so history still arrives.
 *
 * <p>Why: a backfill is the collector's only heavy work (fetching, parsing and writing 1,000-1,500
 * candles a page, then the replicator copying them), and nothing waits for it; a reader does. On a
 * 2-core machine a full-speed backfill took 30-40 % of a core from a saturated API and raised its p99
 * by half (docs/benchmarks.md). Scheduling priority alone did not give the cores back (nice, and even
 * SCHED_IDLE, which would also starve the live candles). Live work never waits here: the newest
 * candles' sync, trades and footprints run as before.
 */
public final class BackfillYield implements Managed {

    private static final long SAMPLE_EVERY_MS = 250;

    private final OtherProcessesCpu cpu;
    private final double othersCpuAbove;
    private final long maxWaitMillis;
    private final ThreadPools pools;
    private final ScheduledExecutorService sampler;
    private final Counter waited;
    private ScheduledFuture<?> sampling;

    /**
     * @param othersCpuAbove share of all cores (0-1) other processes must exceed for pages to wait; 1 never waits
     * @param pools gives the sampling thread (built now: lifecycle pools must exist before the server starts)
     */
    public BackfillYield(OtherProcessesCpu cpu, double othersCpuAbove, long maxWaitMillis, MetricRegistry metrics,
                         ThreadPools pools) {
        this.cpu = cpu;
        this.othersCpuAbove = othersCpuAbove;
        this.maxWaitMillis = maxWaitMillis;
        this.pools = pools;
        this.sampler = enabled() ? pools.scheduled("backfill-yield-cpu", 1) : null;
        this.waited = metrics.counter("cryptoflow.collector.backfill.yielded-ms");
        metrics.gauge("cryptoflow.collector.machine.others-cpu-share", () -> (Gauge<Double>) cpu::share);
    }

    /** Pages never wait (tests, and {@code othersCpuAbove: 1}). */
    public static BackfillYield never() {
        return new BackfillYield(OtherProcessesCpu.ofThisProcess(), 1, 0, new MetricRegistry(), ThreadPools.standalone());
    }

    private boolean enabled() {
        return othersCpuAbove < 1 && maxWaitMillis > 0;
    }

    /** Whether the next backfill page should wait: other processes used more than the threshold lately. */
    public boolean machineBusy() {
        Double share = cpu.share();
        return enabled() && share != null && share > othersCpuAbove;
    }

    /** The last sampled share of the machine's CPU other processes used, null when unknown. */
    public Double othersShare() {
        return cpu.share();
    }

    public long maxWaitMillis() {
        return maxWaitMillis;
    }

    public void recordWait(long millis) {
        waited.inc(millis);
    }

    @Override
    public synchronized void start() {
        if (sampler != null && sampling == null) {
            cpu.sample();
            sampling = sampler.scheduleAtFixedRate(cpu::sample, SAMPLE_EVERY_MS, SAMPLE_EVERY_MS, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public synchronized void stop() {
        if (sampling != null) {
            sampling.cancel(false);
            sampling = null;
        }
        if (sampler != null && !pools.managed()) {
            sampler.shutdownNow();
        }
    }
}
