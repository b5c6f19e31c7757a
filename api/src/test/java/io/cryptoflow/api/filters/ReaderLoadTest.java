package io.cryptoflow.api.filters;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import io.cryptoflow.api.core.BuildGate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReaderLoadTest {

    private static final long MS = 1_000_000;

    private static long[] fields(ReaderLoad load) {
        String[] f = load.line().trim().split(" ");
        long[] out = new long[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = Long.parseLong(f[i]);
        }
        return out;
    }

    @Test
    void pacedReadersAreInFlightButNeverOverTheCores() {
        AtomicLong clock = new AtomicLong();
        ReaderLoad load = new ReaderLoad(2, List.of(), clock::get);
        // 16 chart users, one at a time, each answered in 2 ms, one every 10 ms: there, not waiting
        for (int i = 0; i < 16; i++) {
            load.entered();
            clock.addAndGet(2 * MS);
            load.left();
            clock.addAndGet(8 * MS);
        }

        long[] f = fields(load);
        assertThat(f).hasSize(6);
        assertThat(f[0]).as("in flight now").isZero();
        assertThat(f[1]).as("request time: 0.2 in flight on average").isEqualTo(32 * MS);
        assertThat(f[2]).as("now").isEqualTo(160 * MS);
        assertThat(f[5]).as("time over the cores").isZero();
    }

    @Test
    void aFloodCountsTheRequestsTheCoresCannotRun() {
        AtomicLong clock = new AtomicLong();
        ReaderLoad load = new ReaderLoad(2, List.of(), clock::get);
        for (int i = 0; i < 5; i++) {
            load.entered();
        }
        clock.addAndGet(100 * MS);
        // 5 in flight on 2 cores for 100 ms: 3 waiting on average
        assertThat(load.overCoresNanos()).isEqualTo(300 * MS);
        assertThat(load.requestNanos()).isEqualTo(500 * MS);
        assertThat(load.inFlight()).isEqualTo(5);

        MetricRegistry metrics = new MetricRegistry();
        load.register(metrics);
        assertThat(metrics.getGauges().get("cryptoflow.api.readers.over-cores-ms").getValue()).isEqualTo(300L);
        assertThat(metrics.getGauges().get("cryptoflow.api.readers.in-flight").getValue()).isEqualTo(5);
    }

    @Test
    void requestsQueuedForABuildSlotAreCountedAndTheirTimeInTheQueue() throws Exception {
        BuildGate gate = new BuildGate("candle page", 1, 8, Duration.ofSeconds(5));
        ReaderLoad load = new ReaderLoad(1, List.of(gate));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            // this thread holds the one slot while another request queues for it
            Future<String> second = gate.run(() -> {
                Future<String> queued = pool.submit(() -> gate.run(() -> "second"));
                awaitQueued(load);
                assertThat(load.queued()).as("one request waits for the slot").isEqualTo(1);
                assertThat(fields(load)[3]).isEqualTo(1);
                sleep(50);
                return queued;
            });
            assertThat(second.get(5, TimeUnit.SECONDS)).isEqualTo("second");

            assertThat(load.queued()).isZero();
            assertThat(load.queuedNanos()).as("the second waited at least 50 ms").isGreaterThanOrEqualTo(50 * MS);
            assertThat(fields(load)[4]).isEqualTo(load.queuedNanos());
        } finally {
            pool.shutdownNow();
        }
    }

    private static void awaitQueued(ReaderLoad load) {
        for (int i = 0; i < 1000 && load.queued() == 0; i++) {
            sleep(5);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
