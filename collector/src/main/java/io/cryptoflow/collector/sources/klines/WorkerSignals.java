package io.cryptoflow.collector.sources.klines;

import java.util.concurrent.TimeUnit;

/**
 * One market worker's stop flag and gap-recheck wake-up, and its sleeps: shared by the worker's loop,
 * its {@link BackfillPager} and its {@link LiveSync}, so a stop ends any of their waits within 200 ms.
 */
final class WorkerSignals {

    private volatile boolean running = true;
    private volatile boolean recheckRequested;

    boolean running() {
        return running;
    }

    void stop() {
        running = false;
    }

    void requestRecheck() {
        recheckRequested = true;
    }

    boolean recheckRequested() {
        return recheckRequested;
    }

    void clearRecheck() {
        recheckRequested = false;
    }

    /** Waiting and scheduling use the monotonic clock; the workers' {@code clock} is the market's "now". */
    static long monotonicMillis() {
        return System.nanoTime() / 1_000_000;
    }

    void sleepUntil(long deadline, boolean wakeOnRecheck) throws InterruptedException {
        while (running && !(wakeOnRecheck && recheckRequested)) {
            long left = deadline - monotonicMillis();
            if (left <= 0) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(Math.min(left, 200));
        }
    }
}
