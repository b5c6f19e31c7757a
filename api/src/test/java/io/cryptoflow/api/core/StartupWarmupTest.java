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

    /** The test's body, given api.db's read-only database and the warm-up's thread. */
    private interface WithDatabase {
        void run(ApiDatabase db, ExecutorService thread) throws Exception;
    }

    private void withDatabase(String name, WithDatabase body) throws Exception {
        ManagedDataSource pool = ApiDbFixture.readPool(dir.resolve("api.db"), 2, name);
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            body.run(new ApiDatabase(dir.resolve("api.db"), ApiDbFixture.jdbi(pool), ((ManagedPooledDataSource) pool)::purge),
                    thread);
        } finally {
            thread.shutdownNow();
            pool.stop();
        }
    }

    @Test
    void theNewestPageOfEveryMarketAndTimeframeIsBuiltBeforeStartReturns() throws Exception {
        try (ApiDbFixture fixture = ApiDbFixture.create(dir.resolve("api.db")).replica(1, T0, T0, "snapshot")
                .upsert(Timeframe.M15, BTC, 1, ApiDbFixture.series(Timeframe.M15, T0, 20))
                .upsert(Timeframe.H1, BTC, 1, ApiDbFixture.series(Timeframe.H1, T0, 5))) {
            withDatabase("warm-up-test", (db, thread) -> {
                PageCache pages = new PageCache(16, 1 << 24);
                RenderCache renders = new RenderCache(1 << 24);
                CandleReader reader = new CandleReader(db, renders, pages);
                StartupWarmup warmup = new StartupWarmup(StartupWarmup.throughReader(reader), new SymbolCatalog(db),
                        Duration.ofMillis(300), thread);
                assertThat(warmup.warm()).isFalse();

                warmup.start();

                assertThat(warmup.warm()).isTrue();
                assertThat(pages.get(CandleQuery.latest(BTC, Timeframe.M15, CandleQuery.DEFAULT_LIMIT))).isNotNull();
                assertThat(pages.get(CandleQuery.latest(BTC, Timeframe.H1, CandleQuery.DEFAULT_LIMIT))).isNotNull();
                // the 25 closed candles rendered are kept packed in closed-candle memory, not twice
                assertThat(reader.closedCandles().bytes()).isPositive();
                assertThat(renders.size()).isZero();
            });
        }
    }

    @Test
    void everyRoundAlsoReadsAPageOfEachSeriesHistoryAtAnotherPlace() throws Exception {
        try (ApiDbFixture fixture = ApiDbFixture.create(dir.resolve("api.db")).replica(1, T0, T0, "snapshot")
                .upsert(Timeframe.M15, BTC, 1, ApiDbFixture.series(Timeframe.M15, T0, 2000))
                .upsert(Timeframe.H1, BTC, 1, ApiDbFixture.series(Timeframe.H1, T0, 500))) {
            withDatabase("warm-up-history", (db, thread) -> {
                java.util.List<java.util.List<CandleQuery>> rounds = new java.util.concurrent.CopyOnWriteArrayList<>();
                StartupWarmup warmup = new StartupWarmup((pages, deadline) -> {
                    rounds.add(pages);
                    Thread.sleep(5);
                    return pages.size();
                }, new SymbolCatalog(db), Duration.ofMillis(200), thread);
                warmup.start();

                assertThat(rounds).hasSizeGreaterThan(3);
                java.util.Set<Long> places = new java.util.HashSet<>();
                for (java.util.List<CandleQuery> round : rounds) {
                    assertThat(round).filteredOn(q -> q.before() == null).hasSize(2); // the newest pages
                    java.util.List<CandleQuery> back = round.stream().filter(q -> q.before() != null).toList();
                    assertThat(back).extracting(CandleQuery::tf).containsExactlyInAnyOrder(Timeframe.M15, Timeframe.H1);
                    for (CandleQuery q : back) {
                        long step = q.tf().millis();
                        long last = T0 + (q.tf() == Timeframe.M15 ? 1999 : 499) * step;
                        assertThat(q.before()).isBetween(T0 + step, last + step);
                        assertThat(q.limit()).isEqualTo(StartupWarmup.HISTORY_LIMIT);
                        places.add(q.before());
                    }
                }
                assertThat(places).as("another place every round").hasSize(2 * rounds.size());
            });
        }
    }

    @Test
    void aQuietJitEndsTheWarmUpBeforeItsBudgetOnceEnoughRequestsWereMade() throws Exception {
        try (ApiDbFixture fixture = ApiDbFixture.create(dir.resolve("api.db")).replica(1, T0, T0, "snapshot")
                .upsert(Timeframe.M15, BTC, 1, ApiDbFixture.series(Timeframe.M15, T0, 20))) {
            withDatabase("warm-up-test-quiet", (db, thread) -> {
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
            });
        }
    }

    @Test
    void withoutAReplicaStartDoesNotWaitTheBudget() throws Exception {
        withDatabase("warm-up-test-none", (db, thread) -> {
            StartupWarmup warmup = new StartupWarmup(StartupWarmup.throughReader(new CandleReader(db, new RenderCache(1 << 20),
                    new PageCache(16, 1 << 20))), new SymbolCatalog(db), Duration.ofSeconds(30), thread);
            long t = System.nanoTime();
            warmup.start();
            assertThat(Duration.ofNanos(System.nanoTime() - t)).isLessThan(Duration.ofSeconds(5));
            assertThat(warmup.warm()).as("still waiting for api.db in the background").isFalse();
        });
    }

    @Test
    void aWarmUpThatStartsAfterThePortOpenedStopsAtTheLateBudget() throws Exception {
        withDatabase("warm-up-test-late", (db, thread) -> {
            StartupWarmup warmup = new StartupWarmup(StartupWarmup.throughReader(new CandleReader(db, new RenderCache(1 << 20),
                    new PageCache(16, 1 << 20))), new SymbolCatalog(db), Duration.ofSeconds(60), thread);
            warmup.start();
            assertThat(warmup.warm()).as("no replica yet: the API opened cold").isFalse();
            try (ApiDbFixture fixture = ApiDbFixture.create(dir.resolve("api.db")).replica(1, T0, T0, "snapshot")
                    .upsert(Timeframe.M15, BTC, 1, ApiDbFixture.series(Timeframe.M15, T0, 20))) {
                long t = System.nanoTime();
                while (!warmup.warm() && System.nanoTime() - t < Duration.ofSeconds(40).toNanos()) {
                    Thread.sleep(100);
                }
                // the replica is found within a second, then the rounds stop at 8 s, not at the 60 s budget
                assertThat(warmup.warm()).isTrue();
                assertThat(Duration.ofNanos(System.nanoTime() - t))
                        .isLessThan(StartupWarmup.LATE_BUDGET.plusSeconds(10));
            }
        });
    }
}
