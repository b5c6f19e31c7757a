package io.cryptoflow.collector.sources.klines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import io.cryptoflow.collector.exchange.binance.BinanceFuturesMarket;
import io.cryptoflow.collector.load.BackfillYield;
import io.cryptoflow.collector.load.OtherProcessesCpu;
import io.cryptoflow.collector.load.ProcTicks;
import io.cryptoflow.collector.store.SqliteCandleWriter;
import io.cryptoflow.collector.store.SqliteNoDataLedger;
import io.cryptoflow.collector.store.StoredCandles;
import io.cryptoflow.collector.testing.FakeBinanceFutures;
import io.cryptoflow.common.Candle;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.SqliteConnections;
import io.cryptoflow.common.ThreadPools;
import io.cryptoflow.common.Timeframe;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MarketWorkerTest {

    private static final long H = Timeframe.H1.millis();
    private static final MarketSymbol BTC = MarketSymbol.of("BINANCE", "BTCUSDT");

    @TempDir
    Path dir;

    /** Shared by the fake exchange and the worker, so candles close when the test says. */
    private final AtomicLong now = new AtomicLong(Timeframe.H1.openTimeOf(System.currentTimeMillis()) + 20 * 60_000);
    private FakeBinanceFutures fake;
    private SqliteCandleWriter writer;
    private Path db;
    private final List<Thread> threads = new ArrayList<>();
    private final List<MarketWorker> workers = new ArrayList<>();
    private final List<BackfillYield> yields = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        fake = new FakeBinanceFutures(now::get);
        db = dir.resolve("collector.db");
        writer = new SqliteCandleWriter(db, 8, new MetricRegistry(), now::get);
        writer.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        workers.forEach(MarketWorker::stop);
        yields.forEach(BackfillYield::stop);
        for (Thread t : threads) {
            t.interrupt();
            t.join(5000);
        }
        writer.stop();
        fake.close();
    }

    private MarketWorker worker(int historyDays, List<Timeframe> tfs, ProgressTracker progress) {
        KlineClient client = new KlineClient(new BinanceFuturesMarket(fake.url()), HttpClient.newHttpClient(),
                Duration.ofSeconds(5), new MetricRegistry(), now::get);
        return new MarketWorker(client, writer, new StoredCandles(db), new SqliteNoDataLedger(writer, db), progress,
                List.of("BTCUSDT"), tfs,
                HistoryWindows.uniform(historyDays), new WorkerSettings(100, 3, 20, 200, 3_600_000), now::get);
    }

    private void runInBackground(MarketWorker w) {
        Thread t = new Thread(w, "test-worker");
        t.setDaemon(true);
        workers.add(w);
        threads.add(t);
        t.start();
    }

    private List<Candle> stored(Timeframe tf) throws Exception {
        try (Connection c = SqliteConnections.openReadOnly(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT time, open, high, low, close, volume, buy_volume, sell_volume, delta,"
                     + " trade_count, clusters, closed FROM " + tf.table() + " WHERE symbol = 'BINANCE:BTCUSDT' ORDER BY time")) {
            List<Candle> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new Candle(rs.getLong(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4), rs.getDouble(5),
                        rs.getDouble(6), rs.getDouble(7), rs.getDouble(8), rs.getDouble(9), rs.getLong(10),
                        rs.getString(11), rs.getInt(12) == 1));
            }
            return out;
        }
    }

    private List<Candle> expectedWindow(Timeframe tf, int days) {
        long from = tf.openTimeOf(now.get() - days * 86_400_000L);
        List<Candle> out = new ArrayList<>();
        for (long t = from; t <= tf.openTimeOf(now.get()); t += tf.millis()) {
            out.add(fake.expected("BTCUSDT", tf, t, now.get()));
        }
        return out;
    }

    @Test
    void fillsTheWholeWindowWithTheExchangesKlinesFormingOneIncluded() throws Exception {
        ProgressTracker progress = new ProgressTracker(new MetricRegistry(), now::get);
        MarketWorker w = worker(20, List.of(Timeframe.H1, Timeframe.M15), progress);

        w.fillAllWindows();

        assertThat(stored(Timeframe.H1)).containsExactlyElementsOf(expectedWindow(Timeframe.H1, 20));
        assertThat(stored(Timeframe.M15)).containsExactlyElementsOf(expectedWindow(Timeframe.M15, 20));
        List<Candle> h1 = stored(Timeframe.H1);
        assertThat(h1.get(h1.size() - 1).closed()).isFalse();
        assertThat(h1.get(h1.size() - 2).closed()).isTrue();
        // 20 days of 15m = 1921 candles: two pages of at most 1500
        assertThat(fake.requests().stream().filter(r -> r.params().get("interval").equals("15m"))).hasSize(2);
        assertThat(progress.snapshot()).allSatisfy(p -> {
            assertThat(p.done()).isEqualTo(p.total());
            assertThat(p.percent()).isEqualTo(100.0);
        });
    }

    @Test
    void resumesAfterRestartFetchingOnlyWhatIsMissing() throws Exception {
        worker(10, List.of(Timeframe.H1), new ProgressTracker(new MetricRegistry(), now::get)).fillAllWindows();
        now.addAndGet(5 * H);
        int before = fake.requests().size();

        worker(10, List.of(Timeframe.H1), new ProgressTracker(new MetricRegistry(), now::get)).fillAllWindows();

        List<FakeBinanceFutures.Request> second = fake.requests().subList(before, fake.requests().size());
        assertThat(second).hasSize(1);
        long formingBefore = Timeframe.H1.openTimeOf(now.get() - 5 * H);
        assertThat(Long.parseLong(second.get(0).params().get("startTime")))
                .as("the candle that was forming at shutdown is fetched again to get its final values")
                .isEqualTo(formingBefore);
        List<Candle> all = stored(Timeframe.H1);
        assertThat(all).hasSize(10 * 24 + 1 + 5);
        assertThat(all.subList(5, all.size())).containsExactlyElementsOf(expectedWindow(Timeframe.H1, 10));
    }

    @Test
    void aHoleInTheMiddleIsRefilledWithoutRefetchingTheRest() throws Exception {
        worker(10, List.of(Timeframe.H1), new ProgressTracker(new MetricRegistry(), now::get)).fillAllWindows();
        long holeFrom = Timeframe.H1.openTimeOf(now.get()) - 100 * H;
        long holeTo = holeFrom + 9 * H;
        writer.stop();
        try (Connection c = SqliteConnections.openWriter(db); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM candles_60 WHERE time BETWEEN " + holeFrom + " AND " + holeTo);
        }
        writer = new SqliteCandleWriter(db, 8, new MetricRegistry(), now::get);
        writer.start();
        int before = fake.requests().size();

        worker(10, List.of(Timeframe.H1), new ProgressTracker(new MetricRegistry(), now::get)).fillAllWindows();

        List<FakeBinanceFutures.Request> refill = fake.requests().subList(before, fake.requests().size());
        // exactly the hole, plus the still-forming newest candle (never final until it closes), newest first
        assertThat(refill).hasSize(2);
        long forming = Timeframe.H1.openTimeOf(now.get());
        assertThat(refill.get(0).params()).containsEntry("startTime", Long.toString(forming))
                .containsEntry("endTime", Long.toString(forming));
        assertThat(refill.get(1).params()).containsEntry("startTime", Long.toString(holeFrom))
                .containsEntry("endTime", Long.toString(holeTo));
        assertThat(stored(Timeframe.H1)).containsExactlyElementsOf(expectedWindow(Timeframe.H1, 10));
    }

    @Test
    void malformedPageStoresNothingAndIsRetried() throws Exception {
        fake.enqueue(200, Map.of(), "[[" + Timeframe.H1.openTimeOf(now.get() - 48 * H) + ",\"1.0\",\"2.0\"");
        ProgressTracker progress = new ProgressTracker(new MetricRegistry(), now::get);

        worker(2, List.of(Timeframe.H1), progress).fillAllWindows();

        assertThat(fake.requests()).hasSize(2);
        assertThat(fake.requests().get(0).params()).isEqualTo(fake.requests().get(1).params());
        assertThat(stored(Timeframe.H1)).containsExactlyElementsOf(expectedWindow(Timeframe.H1, 2));
    }

    @Test
    void syncUpdatesTheFormingCandleAndStoresItsFinalValuesWhenItCloses() throws Exception {
        MarketWorker w = worker(2, List.of(Timeframe.H1), new ProgressTracker(new MetricRegistry(), now::get));
        runInBackground(w);
        long forming = Timeframe.H1.openTimeOf(now.get());
        await().atMost(Duration.ofSeconds(10)).until(() -> w.isBackfilled());

        fake.tick();
        Candle ticked = fake.expected("BTCUSDT", Timeframe.H1, forming, now.get());
        await().atMost(Duration.ofSeconds(10)).until(() -> stored(Timeframe.H1).contains(ticked));
        assertThat(ticked.closed()).isFalse();

        now.set(forming + H + 1000);
        Candle closedFinal = fake.expected("BTCUSDT", Timeframe.H1, forming, now.get());
        assertThat(closedFinal.closed()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> stored(Timeframe.H1).contains(closedFinal)
                && stored(Timeframe.H1).get(stored(Timeframe.H1).size() - 1).time() == forming + H);
        assertThat(w.lastSyncAt()).isPositive();
    }

    /**
     * A started yield over /proc look-alikes that say {@code share} once and then stand still: the
     * share stays what they said, sample after sample. It may yield 99 % of the time, so a page after
     * one of a few ms of work waits the whole {@code maxWaitMillis} (load/BackfillYieldTest tests the shares).
     */
    private BackfillYield yieldWithOthersAt(double share, long maxWaitMillis, MetricRegistry metrics) throws Exception {
        OtherProcessesCpu cpu = new ProcTicks(Files.createTempDirectory(dir, "proc")).readerAfterOthersUsed(share);
        BackfillYield backfillYield = new BackfillYield(cpu, 0.5, maxWaitMillis, 0.99, metrics, ThreadPools.standalone());
        backfillYield.start();
        yields.add(backfillYield);
        return backfillYield;
    }

    @Test
    void backfillPagesWaitWhileOtherProcessesKeepTheMachineBusyAndTheSyncGoesOnMeanwhile() throws Exception {
        MetricRegistry metrics = new MetricRegistry();
        MarketWorker w = worker(20, List.of(Timeframe.H1, Timeframe.M15),
                new ProgressTracker(new MetricRegistry(), now::get)).yieldingTo(yieldWithOthersAt(0.9, 400, metrics));

        w.fillAllWindows();

        assertThat(stored(Timeframe.M15)).containsExactlyElementsOf(expectedWindow(Timeframe.M15, 20));
        List<FakeBinanceFutures.Request> pages = fake.requests().stream()
                .filter(r -> r.params().containsKey("startTime")).toList();
        // 1h: one page; 15m: two pages (1921 candles); each waited the whole 400 ms, the machine staying busy
        assertThat(pages).hasSize(3);
        assertThat(pages.get(2).atMillis() - pages.get(1).atMillis()).isGreaterThanOrEqualTo(390);
        assertThat(metrics.counter("cryptoflow.collector.backfill.yielded-ms").getCount()).isGreaterThanOrEqualTo(3 * 390);
        // the backfilled 1h key's newest candles were synced while the 15m pages waited
        assertThat(fake.requests().stream().filter(r -> !r.params().containsKey("startTime")
                && r.atMillis() > pages.get(1).atMillis() && r.atMillis() < pages.get(2).atMillis()
                && r.params().get("interval").equals("1h"))).isNotEmpty();
    }

    @Test
    void afterARestartOnABusyMachineTheNewestCandlesComeWithTheSyncNotAWaitingPage() throws Exception {
        worker(10, List.of(Timeframe.H1), new ProgressTracker(new MetricRegistry(), now::get)).fillAllWindows();
        now.addAndGet(H); // the candle forming at shutdown closed, a new one forms: two candles to fetch
        int before = fake.requests().size();
        MetricRegistry metrics = new MetricRegistry();
        MarketWorker restarted = worker(10, List.of(Timeframe.H1), new ProgressTracker(new MetricRegistry(), now::get))
                .yieldingTo(yieldWithOthersAt(0.9, 60_000, metrics));

        restarted.fillAllWindows();
        restarted.syncIfDue();

        assertThat(fake.requests().subList(before, fake.requests().size()))
                .as("one sync request, no page waiting for the readers")
                .singleElement().satisfies(r -> assertThat(r.params()).doesNotContainKey("startTime"));
        assertThat(restarted.isBackfilled()).isTrue();
        List<Candle> all = stored(Timeframe.H1);
        assertThat(all.subList(1, all.size())).containsExactlyElementsOf(expectedWindow(Timeframe.H1, 10));
        assertThat(metrics.counter("cryptoflow.collector.backfill.yielded-ms").getCount()).isZero();
    }

    @Test
    void onABusyMachineAGapOlderThanTheSyncedCandlesStillWaits() throws Exception {
        worker(10, List.of(Timeframe.H1), new ProgressTracker(new MetricRegistry(), now::get)).fillAllWindows();
        now.addAndGet(5 * H);
        MetricRegistry metrics = new MetricRegistry();

        worker(10, List.of(Timeframe.H1), new ProgressTracker(new MetricRegistry(), now::get))
                .yieldingTo(yieldWithOthersAt(0.9, 300, metrics)).fillAllWindows();

        assertThat(metrics.counter("cryptoflow.collector.backfill.yielded-ms").getCount()).isGreaterThanOrEqualTo(290);
        List<Candle> all = stored(Timeframe.H1);
        assertThat(all.subList(5, all.size())).containsExactlyElementsOf(expectedWindow(Timeframe.H1, 10));
    }

    @Test
    void aQuietMachineOrAnUnknownShareDelaysNoPage() throws Exception {
        MetricRegistry metrics = new MetricRegistry();
        worker(20, List.of(Timeframe.M15), new ProgressTracker(new MetricRegistry(), now::get))
                .yieldingTo(yieldWithOthersAt(0.3, 60_000, metrics)).fillAllWindows();
        BackfillYield unknown = new BackfillYield(new OtherProcessesCpu(dir.resolve("none"), dir.resolve("none")), 0.5,
                60_000, 0.99, metrics, ThreadPools.standalone());
        worker(40, List.of(Timeframe.M15), new ProgressTracker(new MetricRegistry(), now::get))
                .yieldingTo(unknown).fillAllWindows();

        assertThat(stored(Timeframe.M15)).containsExactlyElementsOf(expectedWindow(Timeframe.M15, 40));
        assertThat(metrics.counter("cryptoflow.collector.backfill.yielded-ms").getCount()).isZero();
    }

    @Test
    void rateLimitedPageWaitsRetryAfterThenContinues() throws Exception {
        fake.enqueue(429, Map.of("Retry-After", "1"), "{\"code\":-1003,\"msg\":\"Too many requests\"}");

        worker(1, List.of(Timeframe.H1), new ProgressTracker(new MetricRegistry(), now::get)).fillAllWindows();

        assertThat(fake.requests()).hasSize(2);
        assertThat(fake.requests().get(1).atMillis() - fake.requests().get(0).atMillis()).isGreaterThanOrEqualTo(950);
        assertThat(stored(Timeframe.H1)).containsExactlyElementsOf(expectedWindow(Timeframe.H1, 1));
    }

    @Test
    void rangeBeforeListingIsRememberedAndNotAskedAgain() throws Exception {
        long listing = Timeframe.H1.openTimeOf(now.get()) - 30 * H;
        fake.listSymbolAt("BTCUSDT", listing);
        worker(3, List.of(Timeframe.H1), new ProgressTracker(new MetricRegistry(), now::get)).fillAllWindows();
        assertThat(stored(Timeframe.H1)).hasSize(31);
        now.addAndGet(H);
        int before = fake.requests().size();

        worker(3, List.of(Timeframe.H1), new ProgressTracker(new MetricRegistry(), now::get)).fillAllWindows();

        List<FakeBinanceFutures.Request> second = fake.requests().subList(before, fake.requests().size());
        assertThat(second).as("only the candles after the last pass, nothing before the listing").hasSize(1);
        assertThat(Long.parseLong(second.get(0).params().get("startTime"))).isGreaterThanOrEqualTo(listing);
    }

    @Test
    void aLongWindowComesNewestPageFirstAndTheSpanBeforeAListingCostsOneProbe() throws Exception {
        long forming = Timeframe.M15.openTimeOf(now.get());
        long listing = forming - 10 * 24 * 4 * Timeframe.M15.millis();
        fake.listSymbolAt("BTCUSDT", listing);

        worker(40, List.of(Timeframe.M15), new ProgressTracker(new MetricRegistry(), now::get)).fillAllWindows();

        List<Map<String, String>> asked = fake.requests().stream().map(FakeBinanceFutures.Request::params)
                .filter(p -> p.containsKey("startTime")).toList();
        // the newest window of one page (1500 candles) first: what a chart opens is there first
        assertThat(asked.get(0)).containsEntry("endTime", Long.toString(forming))
                .containsEntry("startTime", Long.toString(forming - 1499 * Timeframe.M15.millis()));
        // then the window before the listing, empty, and one row asked from the window's start
        // instead of a walk back through the 30 days before the listing page by page
        assertThat(asked).hasSize(3);
        assertThat(asked.get(1)).containsEntry("endTime", Long.toString(listing - Timeframe.M15.millis()));
        assertThat(asked.get(2)).containsEntry("limit", "1");
        assertThat(stored(Timeframe.M15)).hasSize((int) ((forming - listing) / Timeframe.M15.millis()) + 1);
    }

    @Test
    void operatorBackfillRefetchesAStoredRange() throws Exception {
        MarketWorker w = worker(2, List.of(Timeframe.H1), new ProgressTracker(new MetricRegistry(), now::get));
        w.fillAllWindows();
        int before = fake.requests().size();
        long from = Timeframe.H1.openTimeOf(now.get()) - 10 * H;

        w.requestBackfill("BTCUSDT", Timeframe.H1, new TimeRange(from, from + 4 * H));
        w.runRequestedBackfills();

        // One page asked. The live sync's request (limit=3, no startTime) may come between pages:
        // the pager syncs after each page when the sync is due, and on a loaded machine it is.
        List<Map<String, String>> refetch = fake.requests().subList(before, fake.requests().size()).stream()
                .map(FakeBinanceFutures.Request::params).filter(p -> p.containsKey("startTime")).toList();
        assertThat(refetch).hasSize(1);
        assertThat(refetch.get(0)).containsEntry("startTime", Long.toString(from))
                .containsEntry("endTime", Long.toString(from + 4 * H));
    }
}
