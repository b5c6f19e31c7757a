package io.cryptoflow.api.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoflow.api.db.ApiDatabase;
import io.cryptoflow.api.support.ApiDbFixture;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.db.ManagedPooledDataSource;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link DepthPages}: one build per query, and a failed build answers its waiters as it answered the builder. */
class DepthPagesTest {

    private static final long T0 = 1_764_637_200_000L;

    @TempDir
    Path dir;

    private ApiDbFixture fixture;
    private ManagedDataSource pool;
    private BuildGate gate;
    private DepthPages pages;

    @BeforeEach
    void open() throws Exception {
        fixture = ApiDbFixture.create(dir.resolve("api.db")).replica(1, T0, T0, "snapshot");
        pool = ApiDbFixture.readPool(dir.resolve("api.db"), 2, "depth-pages-test");
        ApiDatabase db = new ApiDatabase(dir.resolve("api.db"), ApiDbFixture.jdbi(pool), ((ManagedPooledDataSource) pool)::purge);
        gate = new BuildGate("depth", 1, 8, Duration.ofSeconds(30));
        pages = new DepthPages(new DepthReader(db, new EmptyAnswers(db, Clock.systemUTC())), new DepthChunks(1 << 20), gate,
                1 << 20, Duration.ofSeconds(1));
    }

    @AfterEach
    void close() throws Exception {
        pool.stop();
        fixture.close();
    }

    /**
     * The fuzz suite's seed 78177079142706 found this: two concurrent requests for a market nobody
     * configured, the second waiting for the first's build, got a 500 (the CompletionException around the
     * first's UnknownSymbolException) instead of the 404 the first got.
     */
    @Test
    void aRequestWaitingForAFailedBuildGetsTheSameExceptionUnwrapped() throws Exception {
        DepthQuery unknown = DepthQuery.parse("binance", "nosuchusdt", null, null, null, T0);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> gate.run(() -> {
            awaitQuietly(release);
            return null;
        }));
        holder.start();
        waitUntil(() -> holder.getState() == Thread.State.WAITING); // holds the only build slot
        AtomicReference<Throwable> builder = new AtomicReference<>();
        AtomicReference<Throwable> waiter = new AtomicReference<>();
        Thread first = new Thread(() -> builder.set(thrownBy(() -> pages.page(unknown))));
        first.start();
        waitUntil(() -> gate.queued() == 1); // the builder queues for the slot, its build registered
        Thread second = new Thread(() -> waiter.set(thrownBy(() -> pages.page(unknown))));
        second.start();
        waitUntil(() -> second.getState() == Thread.State.WAITING); // joined the builder's future
        release.countDown();
        holder.join();
        first.join();
        second.join();

        assertThat(builder.get()).isInstanceOf(UnknownSymbolException.class);
        assertThat(waiter.get()).isInstanceOf(UnknownSymbolException.class).hasMessageContaining("BINANCE:NOSUCHUSDT");
    }

    private static Throwable thrownBy(Runnable r) {
        try {
            r.run();
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
            Thread.sleep(1);
        }
    }
}
