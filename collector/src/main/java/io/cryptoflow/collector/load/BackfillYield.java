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
 * When history pages may be fetched: while the {@link BusySignal} says readers need the machine
 * (the API's readers waiting on it, {@link ApiReadersWaiting}; without a reachable API, other
 * processes keeping more than {@code othersCpuAbove} of the CPU busy), each backfill page waits
 * {@code maxWaitMillis}, then its turn ({@link #claimBusyPage}), so history still arrives.
 *
 * <p>Why: a kline backfill is heavy work (fetching, parsing and writing 1,000-1,500 candles a page,
 * then the replicator copying them) that nothing waits for; a reader does. On a 2-core machine a
 * full-speed backfill took 30-40 % of a core from a saturated API and raised its p99 by half
 * (docs/benchmarks.md). Scheduling priority alone did not give the cores back (nice, and even
 * SCHED_IDLE, which would also starve the live candles). Live work never waits here: the newest
 * candles' sync, trades and footprints run as before. Nor does the footprint archive import: on
 * Binance the live trades wait for it to hand over the last archived trade id.
 */
public final class BackfillYield implements Managed {

    /** /proc/stat counts in 10 ms ticks per core: 100 ms is 20 ticks on 2 cores, enough to tell busy from idle. */
    private static final long SAMPLE_EVERY_MS = 100;
    /**
     * How long one busy sample keeps the machine counted busy: a load that pauses for a moment (a
     * garbage collection, a client between two bursts) does not let every market's waiting page go at once.
     */
    private static final long BUSY_HOLD_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final OtherProcessesCpu cpu;
    private final BusySignal signal;
    private final long maxWaitMillis;
    private final ThreadPools pools;
    private final ScheduledExecutorService sampler;
    private final Counter waited;
    private ScheduledFuture<?> sampling;
    private volatile long busyUntilNanos = System.nanoTime();
    private volatile double busyShare;
    private final AtomicInteger workers = new AtomicInteger();
    private long lastBusyPageNanos = System.nanoTime() - TimeUnit.DAYS.toNanos(1);

    /**
     * @param othersCpuAbove share of all cores (0-1) other processes must exceed for pages to wait; 1 never waits
     * @param pools gives the sampling thread (built now: lifecycle pools must exist before the server starts)
     */
    public BackfillYield(OtherProcessesCpu cpu, double othersCpuAbove, long maxWaitMillis, MetricRegistry metrics,
                         ThreadPools pools) {
        this(cpu, othersCpuAbove < 1 ? BusySignal.othersCpuAbove(cpu, othersCpuAbove) : null, maxWaitMillis, metrics,
                pools);
    }

    /**
     * @param signal what counts as busy (null: pages never wait)
     * @param cpu    only reported (metric {@code machine.others-cpu-share})
     */
    public BackfillYield(OtherProcessesCpu cpu, BusySignal signal, long maxWaitMillis, MetricRegistry metrics,
                         ThreadPools pools) {
        this.cpu = cpu;
        this.signal = signal;
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
        return signal != null && maxWaitMillis > 0;
    }

    /** Whether the next backfill page should wait: other processes used more than the threshold within the last second. */
    public boolean machineBusy() {
        return enabled() && System.nanoTime() - busyUntilNanos < 0;
    }

    /** Takes a sample now (the sampling thread does every 100 ms once started). */
    public void sample() {
        Double level = signal == null ? null : signal.busyLevel();
        if (level != null) {
            busyShare = level;
            busyUntilNanos = System.nanoTime() + BUSY_HOLD_NANOS;
        }
    }

    /** The level of the last busy sample (readers in flight, or the others' CPU share without the API). */
    public double busyShare() {
        return busyShare;
    }

    public long maxWaitMillis() {
        return maxWaitMillis;
    }

    /** One more market worker shares the machine-wide pace of {@link #claimBusyPage}. */
    public void register() {
        workers.incrementAndGet();
    }

    /**
     * Whether a page whose {@code maxWait} is over may go while the machine is still busy. Such
     * pages go one at a time machine-wide, {@code maxWait} ÷ workers apart: the markets' waits all
     * began when the load did, and ending together they would land every market's page in one
     * burst. Each market still gets about one page per {@code maxWait}.
     */
    public synchronized boolean claimBusyPage() {
        long now = System.nanoTime();
        long spacing = TimeUnit.MILLISECONDS.toNanos(maxWaitMillis) / Math.max(1, workers.get());
        if (now - lastBusyPageNanos < spacing) {
            return false;
        }
        lastBusyPageNanos = now;
        return true;
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
