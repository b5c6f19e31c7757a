package io.cryptoflow.api.core;

import static io.cryptoflow.api.support.ApiDbFixture.BTC;
import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoflow.api.db.ApiDatabase;
import io.cryptoflow.api.render.ClosedCandles;
import io.cryptoflow.api.support.ApiDbFixture;
import io.cryptoflow.common.Timeframe;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.db.ManagedPooledDataSource;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A request that finds another catching up with api.db's revisions waits for it (briefly) and then relies
 * on memory, instead of reading its page from api.db: with a live collector the replica moves every
 * 50-100 ms, and the requests of each catch-up's 1-3 ms went to SQL (the random-read p99, issue 23).
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ReplicaChangesCatchUpTest {

    @TempDir
    Path dir;

    ApiDbFixture fixture;
    ManagedDataSource pool;
    ApiDatabase db;
    final CountDownLatch inCatchUp = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    ReplicaChanges changes;

    @BeforeEach
    void open() throws Exception {
        fixture = ApiDbFixture.create(dir.resolve("api.db")).replica(5, 1, 1, "snapshot")
                .upsert(Timeframe.M15, BTC, 5, ApiDbFixture.series(Timeframe.M15, HistoryPrefetchTest.T0, 100));
        pool = ApiDbFixture.readPool(dir.resolve("api.db"), 2, "catch-up-test");
        db = new ApiDatabase(dir.resolve("api.db"), ApiDbFixture.jdbi(pool), ((ManagedPooledDataSource) pool)::purge);
        changes = new ReplicaChanges(new HeldCatchUp(), new ClosedCandles(1 << 20),
                new CandleContextReader(new LiquidationSums(1 << 20), 1 << 20), System::currentTimeMillis);
    }

    @AfterEach
    void close() throws Exception {
        release.countDown();
        pool.stop();
        fixture.close();
    }

    @Test
    void aRequestArrivingDuringAnothersCatchUpWaitsForItAndThenReliesOnMemory() throws Exception {
        String stamp = db.replicaStamp();
        CompletableFuture<Boolean> first = catchingUp(stamp);
        CompletableFuture.runAsync(() -> {
            sleep(5);
            release.countDown();
        });
        assertThat(changes.followed(stamp)).as("followed once the other's catch-up is done").isTrue();
        assertThat(first.get(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aCatchUpTakingLongerThanTheWaitSendsTheRequestToApiDb() throws Exception {
        String stamp = db.replicaStamp();
        CompletableFuture<Boolean> first = catchingUp(stamp);
        long started = System.nanoTime();
        assertThat(changes.followed(stamp)).as("not followed yet: this request reads its page from api.db").isFalse();
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertThat(waitedMs).isBetween(ReplicaChanges.CATCH_UP_WAIT.toMillis() - 1, 2_000L);
        release.countDown();
        assertThat(first.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(changes.followed(stamp)).isTrue();
    }

    /** A request that starts the catch-up, held inside it until {@link #release}. */
    private CompletableFuture<Boolean> catchingUp(String stamp) throws InterruptedException {
        CompletableFuture<Boolean> first = new CompletableFuture<>();
        Thread t = new Thread(() -> first.complete(changes.followed(stamp)), "catching-up");
        t.start();
        assertThat(inCatchUp.await(5, TimeUnit.SECONDS)).isTrue();
        return first;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** api.db, whose candle reads on the thread "catching-up" wait for {@link #release}. */
    private final class HeldCatchUp implements ReplicaStore {
        @Override
        public boolean fileExists() {
            return db.fileExists();
        }

        @Override
        public String replicaStamp() {
            return db.replicaStamp();
        }

        @Override
        public <R> R candles(Function<CandleReads, R> work) {
            if (Thread.currentThread().getName().equals("catching-up")) {
                inCatchUp.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return db.candles(work);
        }

        @Override
        public <R> R trades(Function<TradeReads, R> work) {
            return db.trades(work);
        }

        @Override
        public <R> R depth(Function<DepthReads, R> work) {
            return db.depth(work);
        }

        @Override
        public <R> R catalog(Function<CatalogReads, R> work) {
            return db.catalog(work);
        }
    }
}
