package io.cryptoflow.api.core;

import static io.cryptoflow.api.support.ApiDbFixture.BTC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cryptoflow.api.db.ApiDatabase;
import io.cryptoflow.api.render.RenderCache;
import io.cryptoflow.api.support.ApiDbFixture;
import io.cryptoflow.common.Timeframe;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.db.ManagedPooledDataSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The page cache's re-check of a page when the replica moved, on a real api.db file. */
class CandleReaderTest {

    static final long T0 = 1_699_920_000_000L;
    static final long STEP = Timeframe.M15.millis();

    @TempDir
    Path dir;

    ManagedDataSource dataSource;
    ApiDbFixture fixture;
    PageCache pages;
    CandleReader reader;

    @BeforeEach
    void open() throws Exception {
        fixture = ApiDbFixture.create(dir.resolve("api.db")).replica(1, T0, T0, "snapshot")
                .upsert(Timeframe.M15, BTC, 1, ApiDbFixture.series(Timeframe.M15, T0, 20));
        dataSource = ApiDbFixture.readPool(dir.resolve("api.db"), 3, "candle-reader-test");
        ApiDatabase db = new ApiDatabase(dir.resolve("api.db"), ApiDbFixture.jdbi(dataSource),
                ((ManagedPooledDataSource) dataSource)::purge);
        pages = new PageCache(16, 1 << 24);
        reader = new CandleReader(db, new RenderCache(1 << 24), pages);
    }

    @AfterEach
    void close() throws Exception {
        dataSource.stop();
        fixture.close();
    }

    CandleReader.Result read(CandleQuery q) {
        return reader.read(q, true, false, tag -> false);
    }

    @Test
    void whileOneRequestRechecksAPageTheOthersGetItAsLastConfirmedAndTheNextCheckSeesTheChange() throws Exception {
        CandleQuery q = CandleQuery.latest(BTC, Timeframe.M15, 100);
        CandleReader.Result first = read(q);
        assertThat(first.page().candles()).hasSize(20);

        fixture.upsert(Timeframe.M15, BTC, 2, List.of(ApiDbFixture.candle(T0 + 20 * STEP, 100, false)))
                .replica(2, T0 + 1, T0 + 1, "incremental");
        PageCache.Entry entry = pages.get(q);
        assertThat(entry.claimRevalidation()).as("another request is re-checking the page").isTrue();

        CandleReader.Result meanwhile = read(q);
        assertThat(meanwhile.tag()).isEqualTo(first.tag());
        assertThat(meanwhile.page()).isSameAs(first.page());
        assertThat(reader.page(q).candles()).as("a WebSocket history is always current").hasSize(21);

        entry.revalidated();
        CandleReader.Result after = read(q);
        assertThat(after.page().candles()).hasSize(21);
        assertThat(after.tag()).isNotEqualTo(first.tag());
        assertThat(pages.get(q).revalidating()).as("the claim ends with the check").isFalse();
    }

    @Test
    void aRecheckThatFindsTheSameContentConfirmsThePageAtTheNewStamp() throws Exception {
        CandleQuery q = CandleQuery.latest(BTC, Timeframe.H1, 100);
        fixture.upsert(Timeframe.H1, BTC, 1, ApiDbFixture.series(Timeframe.H1, T0, 5));
        CandleReader.Result first = read(q);
        String stampBefore = pages.get(q).stamp();

        // a commit to another market moves the replica but not this page
        fixture.upsert(Timeframe.M15, BTC, 2, List.of(ApiDbFixture.candle(T0 + 20 * STEP, 100, false)))
                .replica(2, T0 + 1, T0 + 1, "incremental");
        CandleReader.Result again = read(q);

        assertThat(again.page()).isSameAs(first.page());
        assertThat(pages.get(q).stamp()).isNotEqualTo(stampBefore);
        assertThat(pages.get(q).revalidating()).isFalse();
    }

    @Test
    void aPageToReadWaitsForABuildSlotWhileACachedPageIsAnsweredWithoutOne() throws Exception {
        BuildGate pageBuilds = new BuildGate("candle page", 1, 0, Duration.ofMillis(100));
        ApiDatabase db = new ApiDatabase(dir.resolve("api.db"), ApiDbFixture.jdbi(dataSource),
                ((ManagedPooledDataSource) dataSource)::purge);
        CandleReader gated = new CandleReader(db, new RenderCache(1 << 24), new PageCache(16, 1 << 24),
                Duration.ofMinutes(1), pageBuilds);
        CandleQuery cached = CandleQuery.latest(BTC, Timeframe.M15, 100);
        assertThat(gated.read(cached, true, false, tag -> false).page().candles()).hasSize(20);

        CountDownLatch taken = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Object> slowBuild = CompletableFuture.supplyAsync(() -> pageBuilds.run(() -> {
            taken.countDown();
            try {
                return release.await(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }));
        taken.await();
        try {
            assertThat(gated.read(cached, true, false, tag -> false).page().candles())
                    .as("a cached page needs no slot").hasSize(20);
            assertThatThrownBy(() -> gated.read(CandleQuery.latest(BTC, Timeframe.M15, 10), true, false, tag -> false))
                    .as("a page to read waits for the one slot (no queue here)")
                    .isInstanceOf(DatabaseBusyException.class);
        } finally {
            release.countDown();
            slowBuild.get();
        }
        assertThat(gated.read(CandleQuery.latest(BTC, Timeframe.M15, 10), true, false, tag -> false).page().candles())
                .hasSize(10);
    }

    /** A fresh reader with empty caches: what reading the rows gives. */
    private byte[] fromRows(CandleQuery q) throws Exception {
        ApiDatabase db = new ApiDatabase(dir.resolve("api.db"), ApiDbFixture.jdbi(dataSource),
                ((ManagedPooledDataSource) dataSource)::purge);
        return new CandleReader(db, new RenderCache(1 << 24), new PageCache(16, 1 << 24)).page(q).bytes(true);
    }

    @Test
    void aPageOfClosedCandlesAlreadyReadIsTakenFromMemoryWithTheSameBytesUntilARowChanges() throws Exception {
        CandleQuery all = new CandleQuery(BTC, Timeframe.M15, 100, T0 + 20 * STEP, null, null);
        read(all);
        long hits = reader.closedCandles().hits();
        CandleQuery part = new CandleQuery(BTC, Timeframe.M15, 5, T0 + 12 * STEP, null, null);
        long known = reader.closedCandles().knownHits();
        CandleReader.Result r = read(part);
        assertThat(reader.closedCandles().hits() + reader.closedCandles().knownHits()).as("served from memory")
                .isEqualTo(hits + known + 1);
        assertThat(r.page().bytes(true)).isEqualTo(fromRows(part));
        assertThat(r.page().hasMore()).isTrue();

        fixture.upsert(Timeframe.M15, BTC, 5, List.of(ApiDbFixture.candle(T0 + 9 * STEP, 77, true)))
                .replica(2, T0 + 1, T0 + 1, "incremental");
        CandleQuery other = new CandleQuery(BTC, Timeframe.M15, 6, T0 + 12 * STEP, null, null);
        CandleReader.Result changed = read(other);
        assertThat(reader.closedCandles().hits() + reader.closedCandles().knownHits())
                .as("a changed row is read, not taken from memory").isEqualTo(hits + known + 1);
        assertThat(changed.page().bytes(true)).isEqualTo(fromRows(other));
        assertThat(new String(changed.page().bytes(true), java.nio.charset.StandardCharsets.UTF_8)).contains("77");
    }

    @Test
    void aPageKnownExactInMemoryIsAnsweredWithoutSqlAndEveryReplicatedChangeShowsOnTheNextRead() throws Exception {
        read(new CandleQuery(BTC, Timeframe.M15, 100, T0 + 20 * STEP, null, null)); // starts following changes
        read(new CandleQuery(BTC, Timeframe.M15, 100, T0 + 20 * STEP, null, T0 + 19 * STEP)); // learns rows 0-19
        long known = reader.closedCandles().knownHits();
        CandleQuery part = new CandleQuery(BTC, Timeframe.M15, 5, T0 + 12 * STEP, null, null);
        CandleReader.Result r = read(part);
        assertThat(reader.closedCandles().knownHits()).as("answered from memory alone").isEqualTo(known + 1);
        assertThat(r.page().bytes(true)).isEqualTo(fromRows(part));
        assertThat(r.tag()).isEqualTo(fromRowsTag(part));
        CandleQuery whole = new CandleQuery(BTC, Timeframe.M15, 50, T0 + 15 * STEP, T0 - 10 * STEP, null);
        assertThat(read(whole).page().bytes(true)).as("a range reaching below the first candle").isEqualTo(fromRows(whole));
        assertThat(reader.closedCandles().knownHits()).isEqualTo(known + 2);
        CandleQuery allOlder = new CandleQuery(BTC, Timeframe.M15, 100, T0 + 12 * STEP, null, null);
        assertThat(read(allOlder).page().bytes(true)).as("open downwards, fewer rows than asked")
                .isEqualTo(fromRows(allOlder));
        assertThat(reader.closedCandles().knownHits()).isEqualTo(known + 3);

        // a changed row: the next read shows it; a page not touching it still comes from memory
        fixture.upsert(Timeframe.M15, BTC, 5, List.of(ApiDbFixture.candle(T0 + 9 * STEP, 77, true)))
                .replica(5, T0 + 1, T0 + 1, "incremental");
        CandleQuery other = new CandleQuery(BTC, Timeframe.M15, 6, T0 + 12 * STEP, null, null);
        assertThat(new String(read(other).page().bytes(true), java.nio.charset.StandardCharsets.UTF_8)).contains("77");
        assertThat(read(other).page().bytes(true)).isEqualTo(fromRows(other));
        CandleQuery older = new CandleQuery(BTC, Timeframe.M15, 4, T0 + 6 * STEP, null, null);
        long before = reader.closedCandles().knownHits();
        assertThat(read(older).page().bytes(true)).isEqualTo(fromRows(older));
        assertThat(reader.closedCandles().knownHits()).as("untouched range still known").isEqualTo(before + 1);

        // a row deleted (tombstone) and one inserted into a time known empty: both show
        try (var st = fixture.connection().createStatement()) {
            st.executeUpdate("DELETE FROM " + Timeframe.M15.table() + " WHERE symbol = '" + BTC.stored()
                    + "' AND time = " + (T0 + 3 * STEP));
            st.executeUpdate("INSERT INTO cf_tombstones(rev, tbl, symbol, time) VALUES (6, '" + Timeframe.M15.table()
                    + "', '" + BTC.stored() + "', " + (T0 + 3 * STEP) + ")");
        }
        fixture.upsert(Timeframe.M15, BTC, 7, List.of(ApiDbFixture.candle(T0 - 2 * STEP, 55, true)))
                .replica(7, T0 + 2, T0 + 2, "incremental");
        assertThat(read(older).page().bytes(true)).isEqualTo(fromRows(older));
        assertThat(read(older).page().candles()).extracting(c -> c.time()).doesNotContain(T0 + 3 * STEP);
        assertThat(read(whole).page().bytes(true)).isEqualTo(fromRows(whole));
        assertThat(read(whole).page().candles()).extracting(c -> c.time()).contains(T0 - 2 * STEP);
        assertThat(read(allOlder).page().bytes(true)).isEqualTo(fromRows(allOlder));
        assertThat(read(allOlder).page().candles()).extracting(c -> c.time()).contains(T0 - 2 * STEP);
    }

    @Test
    void theFormingCandleIsNeverTakenFromMemory() throws Exception {
        fixture.upsert(Timeframe.M15, BTC, 2, List.of(ApiDbFixture.candle(T0 + 20 * STEP, 60, false)))
                .replica(2, T0 + 1, T0 + 1, "incremental");
        CandleQuery latest = CandleQuery.latest(BTC, Timeframe.M15, 30);
        read(latest);
        read(new CandleQuery(BTC, Timeframe.M15, 30, T0 + 30 * STEP, null, null));
        long known = reader.closedCandles().knownHits();
        CandleQuery withForming = new CandleQuery(BTC, Timeframe.M15, 30, T0 + 25 * STEP, null, null);
        assertThat(read(withForming).page().bytes(true)).isEqualTo(fromRows(withForming));
        assertThat(reader.closedCandles().knownHits()).isEqualTo(known);
        fixture.upsert(Timeframe.M15, BTC, 3, List.of(ApiDbFixture.candle(T0 + 20 * STEP, 61, true)))
                .replica(3, T0 + 2, T0 + 2, "incremental");
        CandleQuery closedNow = new CandleQuery(BTC, Timeframe.M15, 30, T0 + 21 * STEP, null, null);
        assertThat(read(closedNow).page().bytes(true)).isEqualTo(fromRows(closedNow));
        assertThat(read(closedNow).page().bytes(true)).isEqualTo(fromRows(closedNow));
    }

    @Test
    void aCachedPageWithAFormingCandleIsRecheckedReadingOnlyItsOpenRowsWithTheBytesAndTagOfItsRows() throws Exception {
        fixture.upsert(Timeframe.M15, BTC, 2, List.of(ApiDbFixture.candle(T0 + 20 * STEP, 60, false)))
                .replica(2, T0 + 1, T0 + 1, "incremental");
        CandleQuery latest = CandleQuery.latest(BTC, Timeframe.M15, 15);
        CandleQuery all = CandleQuery.latest(BTC, Timeframe.M15, 100);
        read(latest);
        long rev = 3;
        // a page cut by its limit: the candle below it (which tells the summary) is known from its first read
        for (int price = 58; price < 60; price++, rev++) {
            fixture.upsert(Timeframe.M15, BTC, rev, List.of(ApiDbFixture.candle(T0 + 20 * STEP, price, false)))
                    .replica(rev, T0 + rev, T0 + rev, "incremental");
            long refreshes = reader.openTopRefreshes();
            assertThat(read(latest).page().bytes(true)).isEqualTo(fromRows(latest));
            assertThat(read(latest).tag()).isEqualTo(fromRowsTag(latest));
            assertThat(reader.openTopRefreshes()).isEqualTo(refreshes + 1);
        }
        read(all);
        long refreshes = reader.openTopRefreshes();
        // the forming candle changes with every trade: re-checked from its row alone
        for (int price = 61; price < 65; price++, rev++) {
            fixture.upsert(Timeframe.M15, BTC, rev, List.of(ApiDbFixture.candle(T0 + 20 * STEP, price, false)))
                    .replica(rev, T0 + rev, T0 + rev, "incremental");
            for (CandleQuery q : List.of(latest, all)) {
                CandleReader.Result r = read(q);
                assertThat(r.page().bytes(true)).isEqualTo(fromRows(q));
                assertThat(r.tag()).isEqualTo(fromRowsTag(q));
                assertThat(r.page().hasMore()).isEqualTo(q == latest);
                assertThat(new String(r.page().bytes(true), java.nio.charset.StandardCharsets.UTF_8))
                        .contains(price + ".0");
            }
        }
        assertThat(reader.openTopRefreshes()).as("no page read whole").isEqualTo(refreshes + 8);

        // a commit to another series: confirmed as is
        CandleReader.Result before = read(latest);
        fixture.upsert(Timeframe.H1, BTC, rev, ApiDbFixture.series(Timeframe.H1, T0, 2)).replica(rev, T0 + rev, T0 + rev, "incremental");
        rev++;
        assertThat(read(latest).page()).isSameAs(before.page());

        // it closes and the next one opens: both read, the closed one kept for the next re-check
        fixture.upsert(Timeframe.M15, BTC, rev, List.of(ApiDbFixture.candle(T0 + 20 * STEP, 70, true),
                ApiDbFixture.candle(T0 + 21 * STEP, 71, false))).replica(rev, T0 + rev, T0 + rev, "incremental");
        rev++;
        for (CandleQuery q : List.of(latest, all)) {
            assertThat(read(q).page().bytes(true)).isEqualTo(fromRows(q));
            assertThat(read(q).tag()).isEqualTo(fromRowsTag(q));
        }
        fixture.upsert(Timeframe.M15, BTC, rev, List.of(ApiDbFixture.candle(T0 + 21 * STEP, 72, false)))
                .replica(rev, T0 + rev, T0 + rev, "incremental");
        rev++;
        long beforeNext = reader.openTopRefreshes();
        for (CandleQuery q : List.of(latest, all)) {
            assertThat(read(q).page().bytes(true)).isEqualTo(fromRows(q));
            assertThat(read(q).tag()).isEqualTo(fromRowsTag(q));
        }
        assertThat(reader.openTopRefreshes()).isEqualTo(beforeNext + 2);

        // a closed candle below changed (a correction) and one deleted: memory does not know them, the rows tell
        fixture.upsert(Timeframe.M15, BTC, rev, List.of(ApiDbFixture.candle(T0 + 10 * STEP, 99, true),
                ApiDbFixture.candle(T0 + 21 * STEP, 73, false))).replica(rev, T0 + rev, T0 + rev, "incremental");
        rev++;
        for (CandleQuery q : List.of(latest, all)) {
            assertThat(read(q).page().bytes(true)).isEqualTo(fromRows(q));
            assertThat(read(q).tag()).isEqualTo(fromRowsTag(q));
        }
        try (var st = fixture.connection().createStatement()) {
            st.executeUpdate("DELETE FROM " + Timeframe.M15.table() + " WHERE symbol = '" + BTC.stored()
                    + "' AND time = " + (T0 + 12 * STEP));
            st.executeUpdate("INSERT INTO cf_tombstones(rev, tbl, symbol, time) VALUES (" + rev + ", '"
                    + Timeframe.M15.table() + "', '" + BTC.stored() + "', " + (T0 + 12 * STEP) + ")");
        }
        rev++;
        fixture.upsert(Timeframe.M15, BTC, rev, List.of(ApiDbFixture.candle(T0 + 21 * STEP, 74, false)))
                .replica(rev, T0 + rev, T0 + rev, "incremental");
        for (CandleQuery q : List.of(latest, all)) {
            CandleReader.Result r = read(q);
            assertThat(r.page().bytes(true)).isEqualTo(fromRows(q));
            assertThat(r.tag()).isEqualTo(fromRowsTag(q));
            assertThat(r.page().candles()).extracting(c -> c.time()).doesNotContain(T0 + 12 * STEP);
        }
    }

    @Test
    void withARecheckExecutorTheRequestThatSeesTheReplicaMoveGetsThePageAsLastConfirmedAndTheNextOneTheNewPage()
            throws Exception {
        java.util.List<Runnable> queued = new java.util.ArrayList<>();
        ApiDatabase db = new ApiDatabase(dir.resolve("api.db"), ApiDbFixture.jdbi(dataSource),
                ((ManagedPooledDataSource) dataSource)::purge);
        PageCache cache = new PageCache(16, 1 << 24);
        CandleReader background = new CandleReader(db, new RenderCache(1 << 24), cache, Duration.ZERO,
                new BuildGate("candle page", 1, 0, Duration.ofSeconds(1)), queued::add, 1 << 24);
        CandleQuery q = CandleQuery.latest(BTC, Timeframe.M15, 15);
        CandleReader.Result first = background.read(q, true, false, tag -> false);
        fixture.upsert(Timeframe.M15, BTC, 2, List.of(ApiDbFixture.candle(T0 + 20 * STEP, 60, false)))
                .replica(2, T0 + 1, T0 + 1, "incremental");

        CandleReader.Result noticed = background.read(q, true, false, tag -> false);
        assertThat(noticed.page()).as("answered as last confirmed").isSameAs(first.page());
        assertThat(background.read(q, true, false, tag -> false).page()).as("while the re-check is queued")
                .isSameAs(first.page());
        assertThat(queued).hasSize(1);
        queued.remove(0).run();
        assertThat(cache.get(q).revalidating()).isFalse();
        CandleReader.Result after = background.read(q, true, false, tag -> false);
        assertThat(after.page().bytes(true)).isEqualTo(fromRows(q));
        assertThat(after.tag()).isEqualTo(fromRowsTag(q));
        assertThat(background.page(q).bytes(true)).as("a WebSocket history never waits for it").isEqualTo(fromRows(q));
        assertThat(queued).isEmpty();
    }

    private String fromRowsTag(CandleQuery q) {
        ApiDatabase db = new ApiDatabase(dir.resolve("api.db"), ApiDbFixture.jdbi(dataSource),
                ((ManagedPooledDataSource) dataSource)::purge);
        return new CandleReader(db, new RenderCache(1 << 24), new PageCache(16, 1 << 24))
                .read(q, true, false, tag -> false).tag();
    }
}
