package io.cryptoflow.api.core;

import static io.cryptoflow.api.support.ApiDbFixture.BTC;
import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoflow.api.db.ApiDatabase;
import io.cryptoflow.api.render.RenderCache;
import io.cryptoflow.api.support.ApiDbFixture;
import io.cryptoflow.common.Timeframe;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.db.ManagedPooledDataSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartupWarmupTest {

    static final long T0 = 1_700_000_100_000L / 900_000 * 900_000;

    @TempDir
    Path dir;

    @Test
    void theNewestPageOfEveryMarketAndTimeframeIsBuiltBeforeStartReturns() throws Exception {
        try (ApiDbFixture fixture = ApiDbFixture.create(dir.resolve("api.db")).replica(1, T0, T0, "snapshot")
                .upsert(Timeframe.M15, BTC, 1, ApiDbFixture.series(Timeframe.M15, T0, 20))
                .upsert(Timeframe.H1, BTC, 1, ApiDbFixture.series(Timeframe.H1, T0, 5))) {
            ManagedDataSource pool = ApiDbFixture.readPool(dir.resolve("api.db"), 2, "warm-up-test");
            ExecutorService thread = Executors.newSingleThreadExecutor();
            try {
                ApiDatabase db = new ApiDatabase(dir.resolve("api.db"), ApiDbFixture.jdbi(pool),
                        ((ManagedPooledDataSource) pool)::purge);
                PageCache pages = new PageCache(16, 1 << 24);
                RenderCache renders = new RenderCache(1 << 24);
                StartupWarmup warmup = new StartupWarmup(StartupWarmup.throughReader(new CandleReader(db, renders, pages)), new SymbolCatalog(db),
                        Duration.ofMillis(300), thread);
                assertThat(warmup.warm()).isFalse();

                warmup.start();

                assertThat(warmup.warm()).isTrue();
                assertThat(pages.get(CandleQuery.latest(BTC, Timeframe.M15, CandleQuery.DEFAULT_LIMIT))).isNotNull();
                assertThat(pages.get(CandleQuery.latest(BTC, Timeframe.H1, CandleQuery.DEFAULT_LIMIT))).isNotNull();
                assertThat(renders.size()).isEqualTo(25);
            } finally {
                thread.shutdownNow();
                pool.stop();
            }
        }
    }

    @Test
    void aQuietJitEndsTheWarmUpBeforeItsBudgetOnceEnoughRequestsWereMade() throws Exception {
        try (ApiDbFixture fixture = ApiDbFixture.create(dir.resolve("api.db")).replica(1, T0, T0, "snapshot")
                .upsert(Timeframe.M15, BTC, 1, ApiDbFixture.series(Timeframe.M15, T0, 20))) {
            ManagedDataSource pool = ApiDbFixture.readPool(dir.resolve("api.db"), 2, "warm-up-test-quiet");
            ExecutorService thread = Executors.newSingleThreadExecutor();
            try {
                ApiDatabase db = new ApiDatabase(dir.resolve("api.db"), ApiDbFixture.jdbi(pool),
                        ((ManagedPooledDataSource) pool)::purge);
                AtomicInteger rounds = new AtomicInteger();
                StartupWarmup.Target target = (pages, deadline) -> {
                    rounds.incrementAndGet();
                    return StartupWarmup.MIN_REQUESTS / 3 + 1;
                };
                // a JIT with nothing to compile, each round a second later
                AtomicLong clock = new AtomicLong();
                JitQuiet idleJit = new JitQuiet(() -> 0, () -> clock.addAndGet(1_000_000_000L));
                StartupWarmup warmup = new StartupWarmup(target, new SymbolCatalog(db), Duration.ofSeconds(60), idleJit, thread);
                long t = System.nanoTime();

                warmup.start();

                assertThat(warmup.warm()).isTrue();
                assertThat(Duration.ofNanos(System.nanoTime() - t)).isLessThan(Duration.ofSeconds(30));
                assertThat(rounds.get()).as("quiet from the 2nd round, but not before %d requests", StartupWarmup.MIN_REQUESTS)
                        .isEqualTo(3);
            } finally {
                thread.shutdownNow();
                pool.stop();
            }
        }
    }

    @Test
    void withoutAReplicaStartDoesNotWaitTheBudget() throws Exception {
        ManagedDataSource pool = ApiDbFixture.readPool(dir.resolve("api.db"), 2, "warm-up-test-none");
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            ApiDatabase db = new ApiDatabase(dir.resolve("api.db"), ApiDbFixture.jdbi(pool),
                    ((ManagedPooledDataSource) pool)::purge);
            StartupWarmup warmup = new StartupWarmup(StartupWarmup.throughReader(new CandleReader(db, new RenderCache(1 << 20),
                    new PageCache(16, 1 << 20))), new SymbolCatalog(db), Duration.ofSeconds(30), thread);
            long t = System.nanoTime();
            warmup.start();
            assertThat(Duration.ofNanos(System.nanoTime() - t)).isLessThan(Duration.ofSeconds(5));
            assertThat(warmup.warm()).as("still waiting for api.db in the background").isFalse();
        } finally {
            thread.shutdownNow();
            pool.stop();
        }
    }
}
