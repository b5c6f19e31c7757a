package io.cryptoflow.bench.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import io.cryptoflow.bench.BenchContext;
import io.cryptoflow.bench.process.Stack;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Times one backfill: created just before the collector is launched, one daemon thread polls its
 * {@code /progress} every 100 ms and keeps the first instant it says {@code complete} (no answer
 * while the JVM starts counts as not complete). Loads in the foreground only read {@link #done()}.
 */
final class BackfillClock implements AutoCloseable {

    private final long launchedNanos = System.nanoTime();
    private final AtomicLong completeNanos = new AtomicLong(-1);
    private final Stack stack;
    private final Thread poller;

    BackfillClock(Stack stack) {
        this.stack = stack;
        this.poller = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                if (stack.backfillComplete()) {
                    completeNanos.set(System.nanoTime());
                    return;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-backfill-clock");
        poller.setDaemon(true);
        poller.start();
    }

    boolean done() {
        return completeNanos.get() >= 0;
    }

    /** Seconds since the collector's launch. */
    double elapsedSeconds() {
        return (System.nanoTime() - launchedNanos) / 1e9;
    }

    /** The System.nanoTime() {@code span} after the launch. */
    long nanosAfterLaunch(Duration span) {
        return launchedNanos + span.toNanos();
    }

    /** Launch → complete in seconds, NaN while not complete. */
    double seconds() {
        long done = completeNanos.get();
        return done < 0 ? Double.NaN : (done - launchedNanos) / 1e9;
    }

    /** Waits until complete or {@code timeout} after the launch, with a progress line every 10 s; whether complete. */
    boolean await(BenchContext context, String label, Duration timeout) throws InterruptedException {
        long lastLog = System.nanoTime();
        while (!done() && elapsedSeconds() < timeout.toSeconds()) {
            if (System.nanoTime() - lastLog > 10_000_000_000L) {
                lastLog = System.nanoTime();
                JsonNode p = stack.collectorProgress();
                context.progress("%s: %.0f s, %s", label, elapsedSeconds(), p == null ? "no answer from /progress"
                        : p.path("done").asLong() + " / " + p.path("total").asLong() + " candles");
            }
            Thread.sleep(100);
        }
        return done();
    }

    @Override
    public void close() {
        poller.interrupt();
    }
}
