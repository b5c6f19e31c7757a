package io.cryptoflow.api.core;

import static io.cryptoflow.api.support.ApiDbFixture.BTC;
import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoflow.api.db.ApiDatabase;
import io.cryptoflow.api.render.RenderCache;
import io.cryptoflow.api.support.ApiDbFixture;
import io.cryptoflow.common.Candle;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.Timeframe;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.db.ManagedPooledDataSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The history prefetch on a real api.db: what it reads becomes known (pages memory alone answers), and
 * every run ends, also for a series whose pages can never become known. A loop here once ran forever
 * in CI (issue 23), so each test has a timeout on its own thread.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HistoryPrefetchTest {

    /** Midnight UTC: aligned to every timeframe. */
    static final long T0 = 1_700_000_100_000L / 86_400_000 * 86_400_000;
    static final MarketSymbol ETH = MarketSymbol.of("binance", "ethusdt");

    @TempDir
    Path dir;

    ManagedDataSource dataSource;
    ApiDbFixture fixture;
    ApiDatabase db;

    @AfterEach
    void close() throws Exception {
        if (dataSource != null) {
            dataSource.stop();
        }
        fixture.close();
    }

    private void open() {
        dataSource = ApiDbFixture.readPool(dir.resolve("api.db"), 2, "history-prefetch-test");
        db = new ApiDatabase(dir.resolve("api.db"), ApiDbFixture.jdbi(dataSource), ((ManagedPooledDataSource) dataSource)::purge);
    }

    /** 15m with a gap of 130 candles, 1h longer than a page, 4h shorter than one, 1d of 120 days; ETH 15m exactly a page + 1. */
    private void series() throws Exception {
        List<Candle> m15 = new ArrayList<>(ApiDbFixture.series(Timeframe.M15, T0, 2_300));
        m15.subList(1_000, 1_130).clear();
        fixture = ApiDbFixture.create(dir.resolve("api.db")).replica(1, T0, T0, "snapshot")
                .upsert(Timeframe.M15, BTC, 1, m15)
                .upsert(Timeframe.H1, BTC, 1, ApiDbFixture.series(Timeframe.H1, T0, 1_201))
                .upsert(Timeframe.H4, BTC, 1, ApiDbFixture.series(Timeframe.H4, T0, 100))
                .upsert(Timeframe.D1, BTC, 1, ApiDbFixture.series(Timeframe.D1, T0, 120))
                .upsert(Timeframe.M15, ETH, 1, ApiDbFixture.series(Timeframe.M15, T0, 501));
        open();
    }

    private CandleReader reader(long closedBytes) {
        return new CandleReader(db, new RenderCache(1 << 20), new PageCache(16, 1 << 20), Duration.ZERO,
                new BuildGate("candle page", 2, 16, Duration.ofSeconds(1)), null, closedBytes);
    }

    @Test
    void afterItsRunsEveryPageOfHistoryIsAnsweredFromMemoryAlone() throws Exception {
        series();
        CandleReader reader = reader(64L << 20);
        HistoryPrefetch prefetch = new HistoryPrefetch(reader, new SymbolCatalog(db), 64L << 20, 60_000, () -> 0);
        assertThat(prefetch.runOnce()).as("done in one run").isFalse();
        long pages = prefetch.pagesRead();

        long known = reader.closedCandles().knownHits();
        int checked = 0;
        for (MarketSymbol market : List.of(BTC, ETH)) {
            for (Timeframe tf : List.of(Timeframe.M15, Timeframe.H1, Timeframe.H4, Timeframe.D1)) {
                // every before from the newest candle down past the oldest, in steps that hit page and block edges
                for (long before = T0 + 2_299 * tf.millis(); before > T0 - 10 * tf.millis(); before -= 37 * tf.millis()) {
                    CandleQuery q = new CandleQuery(market, tf, 500, before, null, null);
                    if (reader(1 << 20).page(q).candles().isEmpty() || before > newest(market, tf)) {
                        continue; // no candle below it, or above the newest (forming in real data: not read ahead)
                    }
                    assertThat(reader.history().knows(q)).as("%s %s before %d", market, tf, before).isTrue();
                    if (checked++ % 9 == 0) {
                        assertThat(reader.read(q, true, false, tag -> false).page().bytes(true))
                                .as("from memory, as from its rows").isEqualTo(reader(1 << 20).page(q).bytes(true));
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(100);
        assertThat(reader.closedCandles().knownHits()).as("no page read from rows").isGreaterThan(known);

        assertThat(prefetch.runOnce()).isFalse();
        assertThat(prefetch.pagesRead()).as("what memory holds is not read again").isEqualTo(pages);
    }

    private static long newest(MarketSymbol market, Timeframe tf) {
        if (market.equals(ETH)) {
            return tf == Timeframe.M15 ? T0 + 500 * tf.millis() : Long.MIN_VALUE;
        }
        int n = switch (tf) {
            case M15 -> 2_300;
            case H1 -> 1_201;
            case H4 -> 100;
            default -> 120;
        };
        return T0 + (n - 1) * tf.millis();
    }

    @Test
    void aPageTakenFromMemoryMarksTheRowBeyondItKnownToo() throws Exception {
        series();
        CandleReader reader = reader(64L << 20);
        CandleQuery q = new CandleQuery(BTC, Timeframe.M15, 500, T0 + 2_299 * Timeframe.M15.millis(), null, null);
        assertThat(reader.history().learn(q)).isTrue();
        assertThat(reader.history().knows(q)).isTrue();
        // a change the tracker saw over the whole page: the candles stay in memory, no longer known exact
        reader.closedCandles().changed(Timeframe.M15, BTC.stored(), T0, T0 + 2_299 * Timeframe.M15.millis(), 1);
        assertThat(reader.history().knows(q)).isFalse();
        // read again, its rows' summary confirms the candles memory holds (limit + 1 of them): all known again
        assertThat(reader.history().learn(q)).isTrue();
        assertThat(reader.history().knows(q)).as("the 501st row, below the page, known too").isTrue();
        assertThat(reader.history().learn(q)).as("not read a third time").isFalse();
    }

    @Test
    void itStopsWhenMemoryIsNearlyFullOrHoldingMoreWouldEvict() throws Exception {
        series();
        long bound = 150_000; // room for a few pages of candles
        CandleReader reader = reader(bound);
        HistoryPrefetch prefetch = new HistoryPrefetch(reader, new SymbolCatalog(db), bound, 60_000, () -> 0);
        prefetch.runOnce();
        assertThat(prefetch.pagesRead()).isBetween(2L, 10L);
        long pages = prefetch.pagesRead();
        prefetch.runOnce();
        assertThat(prefetch.pagesRead()).as("full or evicting: nothing more read").isEqualTo(pages);
    }

    @Test
    void aRunStopsAtItsSliceAndTheNextGoesOnUntilDone() throws Exception {
        series();
        CandleReader reader = reader(64L << 20);
        HistoryPrefetch prefetch = new HistoryPrefetch(reader, new SymbolCatalog(db), 64L << 20, 0, () -> 0);
        assertThat(prefetch.runOnce()).as("slice used up").isTrue();
        assertThat(prefetch.pagesRead()).isEqualTo(1);
        int runs = 1 + runsUntilDone(prefetch); // one page per run
        assertThat(prefetch.pagesRead()).isEqualTo(runs);
    }

    @Test
    void memoryFillsWithTheSameSpanOfRecentHistoryInEveryTimeframe() throws Exception {
        series();
        CandleReader reader = reader(64L << 20);
        HistoryPrefetch prefetch = new HistoryPrefetch(reader, new SymbolCatalog(db), 64L << 20, 0, () -> 0);
        for (int run = 0; run < 8; run++) {
            prefetch.runOnce(); // a slice of 0: one page per run
        }
        assertThat(prefetch.pagesRead()).isEqualTo(8);
        long m15 = Timeframe.M15.millis();
        long h1 = Timeframe.H1.millis();
        long last15 = T0 + 2_299 * m15;
        long last1h = T0 + 1_200 * h1;
        // the newest page of each of the five series, then three more 15m pages (15.6 days back in all),
        // before the second 1h page (20.8 days back): each next page is the one nearest the present
        for (int page = 0; page < 4; page++) {
            assertThat(reader.history().knows(new CandleQuery(BTC, Timeframe.M15, 500, last15 - page * 500 * m15, null, null)))
                    .as("15m page %d", page).isTrue();
        }
        assertThat(reader.history().knows(new CandleQuery(BTC, Timeframe.H1, 500, last1h, null, null))).isTrue();
        assertThat(reader.history().knows(new CandleQuery(BTC, Timeframe.H1, 500, last1h - 500 * h1, null, null)))
                .as("the second 1h page reaches further back than any 15m page read").isFalse();
    }

    @Test
    void aSeriesWhosePagesCanNeverBecomeKnownIsReadOnceAndLeft() throws Exception {
        // open times a quarter hour off the hour: no slot of the 1h blocks holds them, so nothing is known exact
        fixture = ApiDbFixture.create(dir.resolve("api.db")).replica(1, T0, T0, "snapshot")
                .upsert(Timeframe.H1, BTC, 1, ApiDbFixture.series(Timeframe.H1, T0 + 900_000, 2_000));
        open();
        CandleReader reader = reader(64L << 20);
        HistoryPrefetch prefetch = new HistoryPrefetch(reader, new SymbolCatalog(db), 64L << 20, 0, () -> 0);
        runsUntilDone(prefetch);
        assertThat(prefetch.pagesRead()).as("its first page, then the series is left to requests").isEqualTo(1);
        prefetch.runOnce();
        assertThat(prefetch.pagesRead()).isEqualTo(1);
    }

    @Test
    void whileABackfillMovesTheRangesItHoldsOffAndReadsOnceTheyKeptStill() throws Exception {
        long m15 = Timeframe.M15.millis();
        fixture = ApiDbFixture.create(dir.resolve("api.db")).replica(1, T0, T0, "snapshot")
                .upsert(Timeframe.M15, BTC, 1, ApiDbFixture.series(Timeframe.M15, T0 + 2_000 * m15, 1_000));
        open();
        CandleReader reader = reader(64L << 20);
        java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong(1_000);
        java.util.concurrent.atomic.AtomicLong readers = new java.util.concurrent.atomic.AtomicLong();
        HistoryPrefetch prefetch = new HistoryPrefetch(reader, new SymbolCatalog(db), 64L << 20, 60_000, readers::get, clock::get);
        prefetch.runOnce();
        long pages = prefetch.pagesRead();
        assertThat(pages).as("what api.db holds at start is read at once").isPositive();

        // a backfill writes older candles: the series' first candle moves
        fixture.upsert(Timeframe.M15, BTC, 2, ApiDbFixture.series(Timeframe.M15, T0 + 1_000 * m15, 1_000)).replica(2, T0, T0, "incremental");
        prefetch.runOnce();
        clock.addAndGet(HistoryPrefetch.SETTLE_NANOS - 1);
        prefetch.runOnce();
        assertThat(prefetch.pagesRead()).as("held off while history arrives and shortly after").isEqualTo(pages);
        clock.addAndGet(1);
        prefetch.runOnce();
        assertThat(prefetch.pagesRead()).as("read once the ranges kept still").isGreaterThan(pages + 1);
        assertThat(reader.history().knows(new CandleQuery(BTC, Timeframe.M15, 500, T0 + 1_500 * m15, null, null))).isTrue();

        // live collection: the newest candle moves by one period, which is no backfill
        pages = prefetch.pagesRead();
        fixture.upsert(Timeframe.M15, BTC, 3, List.of(ApiDbFixture.candle(T0 + 3_000 * m15, 100, false))).replica(3, T0, T0, "incremental");
        prefetch.runOnce();
        assertThat(prefetch.pagesRead()).as("the page below the new candle, read without waiting").isGreaterThan(pages);

        // a backfill again, now with readers about: what it reads spares their pages the SQL
        pages = prefetch.pagesRead();
        fixture.upsert(Timeframe.M15, BTC, 4, ApiDbFixture.series(Timeframe.M15, T0, 1_000)).replica(4, T0, T0, "incremental");
        readers.addAndGet(1_000_000);
        prefetch.runOnce();
        assertThat(prefetch.pagesRead()).as("not held off while readers are served").isGreaterThan(pages);
    }

    /** Runs until one says done: the runs that said "more to do" (bounded: a cursor per series only moves down). */
    private static int runsUntilDone(HistoryPrefetch prefetch) {
        int runs = 0;
        while (prefetch.runOnce()) {
            runs++;
            assertThat(runs).as("bounded").isLessThan(100);
        }
        return runs;
    }
}
