package io.cryptoflow.collector.load;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.cryptoflow.common.ThreadPools;
import io.dropwizard.lifecycle.Managed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How much of its time the backfill gives the API's readers: while the {@link BusySignal} says
 * readers wait on the machine (pressure 0-1: {@link ApiReadersWaiting}; without a reachable API,
 * other processes keeping more than {@code othersCpuAbove} of the CPU busy), each history page first
 * pauses in proportion to the work of the page before it ({@link #pauseMillis}), so the backfill
 * yields {@code maxYieldShare × pressure} of its time, never more than {@code maxYieldShare}, and
 * never more than {@code maxWaitMillis} per page: history always progresses.
 *
 * <p>Why: a kline backfill is heavy work (fetching, parsing and writing 1,000-1,500 candles a page,
 * then the replicator copying them) that nothing waits for; a reader does. On a 2-core machine a
 * full-speed backfill took 30-40 % of a core from a saturated API and raised its p99 by half
 * (docs/benchmarks.md). Scheduling priority alone did not give the cores back (nice, and even
 * SCHED_IDLE, which would also starve the live candles). Why proportional and capped: the former
 * all-or-nothing wait (each page {@code maxWait} while readers were merely in flight) stalled a
 * 730-day backfill with 30 % of the CPU idle under paced chart readers and took 3.4× its quiet time
 * under a flood (issue 23). Live work never waits here: the newest candles' sync, trades and
 * footprints run as before. Nor does the footprint archive import: on Binance the live trades wait
 * for it to hand over the last archived trade id.
 */
public final class BackfillYield implements Managed {

    private static final long SAMPLE_EVERY_MS = 100;
    /**
     * Pressure falls by this factor per sample when the readers ease off (to a tenth in a second),
     * and rises at once: a load that pauses for a moment (a garbage collection, a client between two
     * bursts) does not release every market's page at once.
     */
    private static final double EASE_PER_SAMPLE = 0.8;
    private static final double NO_PRESSURE = 0.01;

    private final BusySignal signal;
    private final long maxWaitMillis;
    private final double maxYieldShare;
    private final ThreadPools pools;
    private final ScheduledExecutorService sampler;
    private final Counter waited;
    private ScheduledFuture<?> sampling;
    private volatile double pressure;
    private final AtomicInteger workers = new AtomicInteger();

    /**
     * The other processes' CPU alone decides (no API to ask).
     *
     * @param othersCpuAbove share of all cores (0-1) other processes must exceed for pages to yield; 1 never yields
     * @param pools gives the sampling thread (built now: lifecycle pools must exist before the server starts)
     */
    public BackfillYield(OtherProcessesCpu cpu, double othersCpuAbove, long maxWaitMillis, double maxYieldShare,
                         MetricRegistry metrics, ThreadPools pools) {
        this(cpu, othersCpuAbove < 1 ? BusySignal.othersCpuAbove(cpu, othersCpuAbove) : null, maxWaitMillis,
                maxYieldShare, metrics, pools);
    }

    /**
     * @param signal        the readers' pressure (null: pages never yield)
     * @param cpu           only reported (metric {@code machine.others-cpu-share})
     * @param maxYieldShare the most of its time the backfill gives up (0-1, exclusive of 1)
     */
    public BackfillYield(OtherProcessesCpu cpu, BusySignal signal, long maxWaitMillis, double maxYieldShare,
                         MetricRegistry metrics, ThreadPools pools) {
        this.signal = signal;
        this.maxWaitMillis = maxWaitMillis;
        this.maxYieldShare = Math.max(0, Math.min(0.99, maxYieldShare));
        this.pools = pools;
        this.sampler = enabled() ? pools.scheduled("backfill-yield-cpu", 1) : null;
        this.waited = metrics.counter("cryptoflow.collector.backfill.yielded-ms");
        metrics.gauge("cryptoflow.collector.machine.others-cpu-share", () -> (Gauge<Double>) cpu::share);
        metrics.gauge("cryptoflow.collector.backfill.yield-share", () -> (Gauge<Double>) this::yieldShare);
    }

    /** Pages never wait (tests, and {@code othersCpuAbove: 1} without an API). */
    public static BackfillYield never() {
        return new BackfillYield(OtherProcessesCpu.ofThisProcess(), 1, 0, 0, new MetricRegistry(),
                ThreadPools.standalone());
    }

    private boolean enabled() {
        return signal != null && maxWaitMillis > 0 && maxYieldShare > 0;
    }

    /** Whether readers wait now, so the next backfill page yields some time. */
    public boolean machineBusy() {
        return yieldShare() > 0;
    }

    /** The share of its time the backfill gives the readers now: {@code maxYieldShare × pressure}. */
    public double yieldShare() {
        return enabled() ? maxYieldShare * pressure : 0;
    }

    /**
     * How long the next page pauses after a page that worked {@code workedMillis} (its fetch, write and
     * the sync after it): {@code s ÷ (1 - s)} of that work for the yield share {@code s}, so pauses
     * are {@code s} of the backfill's time; at most {@code maxWait}. Asked again while pausing, it
     * follows the readers: when they stop waiting the pause ends.
     */
    public long pauseMillis(long workedMillis) {
        double s = yieldShare();
        if (s <= 0) {
            return 0;
        }
        double work = Math.max(0, Math.min(workedMillis, maxWaitMillis));
        return Math.min(maxWaitMillis, Math.round(work * s / (1 - s)));
    }

    /** Takes a sample now (the sampling thread does every 100 ms once started). */
    public void sample() {
        Double level = signal == null ? null : signal.busyLevel();
        double now = level == null ? 0 : Math.max(0, Math.min(1, level));
        double eased = pressure * EASE_PER_SAMPLE;
        double next = Math.max(now, eased);
        pressure = next < NO_PRESSURE ? 0 : next;
    }

    /** The readers' pressure (0-1), as last sampled and eased. */
    public double busyShare() {
        return pressure;
    }

    public long maxWaitMillis() {
        return maxWaitMillis;
    }

    /** One more market worker yields here (reported with the yield in the log). */
    public void register() {
        workers.incrementAndGet();
    }

    public int workers() {
        return workers.get();
    }

    public void recordWait(long millis) {
        waited.inc(millis);
    }
    @Override
    public synchronized void start() {
        if (sampler != null && sampling == null) {
            // Two samples before the market workers start (managed after this), so their first pages
            // already know whether the machine is busy.
            sample();
            try {
                Thread.sleep(SAMPLE_EVERY_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sample();
            sampling = sampler.scheduleAtFixedRate(this::sample, SAMPLE_EVERY_MS, SAMPLE_EVERY_MS, TimeUnit.MILLISECONDS);
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
