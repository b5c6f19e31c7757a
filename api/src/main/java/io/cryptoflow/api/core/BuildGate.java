package io.cryptoflow.api.core;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * At most {@code permits} expensive builds at once (one per core: more only share the CPU and
 * multiply the heap held by half-built answers), the others waiting in a short queue. A request that
 * finds the queue full, or waits longer than {@code maxWait}, gets a {@link DatabaseBusyException}
 * (503 with Retry-After): the last resort, so 16 varied chart requests are all answered, late, instead
 * of the heap running out (issue 22, docs/benchmarks.md).
 *
 * <p>It also measures its queue ({@link #queued}, {@link #waitedNanos}): requests queued here are
 * readers waiting on the machine, what the collector's backfill yields to (api filters/ReaderLoad,
 * issue 23).
 */
public final class BuildGate {

    private final Semaphore permits;
    private final int maxQueue;
    private final long maxWaitNanos;
    private final String what;
    private final LongAdder waitedNanos = new LongAdder();

    public BuildGate(String what, int permits, int maxQueue, Duration maxWait) {
        this.what = what;
        this.permits = new Semaphore(Math.max(1, permits), true);
        this.maxQueue = maxQueue;
        this.maxWaitNanos = maxWait.toNanos();
    }

    public <T> T run(Supplier<T> build) {
        if (!permits.tryAcquire()) {
            waitForPermit();
        }
        try {
            return build.get();
        } finally {
            permits.release();
        }
    }

    /** Requests waiting for a build slot now. */
    public int queued() {
        return permits.getQueueLength();
    }

    /**
     * Time requests spent waiting for a build slot since start, summed over concurrent requests:
     * Δ ÷ Δtime between two readings is the mean number waiting (Little's law).
     */
    public long waitedNanos() {
        return waitedNanos.sum();
    }

    private void waitForPermit() {
        if (permits.getQueueLength() >= maxQueue) {
            throw busy("queue full");
        }
        boolean got;
        long start = System.nanoTime();
        try {
            got = permits.tryAcquire(maxWaitNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy("interrupted");
        } finally {
            waitedNanos.add(System.nanoTime() - start);
        }
        if (!got) {
            throw busy("waited " + Duration.ofNanos(maxWaitNanos).toMillis() + " ms");
        }
    }

    private DatabaseBusyException busy(String why) {
        return new DatabaseBusyException("busy: every " + what + " build slot stayed taken (" + why + "), retry", null);
    }
}
