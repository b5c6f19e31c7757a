package io.cryptoflow.collector.sources.trades;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import io.cryptoflow.collector.aggregation.OrderFlowMetrics;
import io.cryptoflow.collector.aggregation.TradeAggregator;
import io.cryptoflow.collector.config.ExchangeConfiguration;
import io.cryptoflow.collector.testing.Sections;
import io.cryptoflow.collector.exchange.binance.BinanceArchive;
import io.cryptoflow.collector.exchange.Prices;
import io.cryptoflow.collector.exchange.ExchangeType;
import io.cryptoflow.collector.exchange.binance.BinanceExchanges;
import io.cryptoflow.collector.exchange.bybit.BybitExchanges;
import io.cryptoflow.collector.store.CandleBatch;
import io.cryptoflow.collector.store.DailySession;
import io.cryptoflow.collector.store.SqliteCandleWriter;
import io.cryptoflow.collector.store.SqliteFootprintLedger;
import io.cryptoflow.collector.store.WriteMode;
import io.cryptoflow.collector.testing.FakeArchive;
import io.cryptoflow.collector.testing.Footprints;
import io.cryptoflow.collector.testing.RawTrade;
import io.cryptoflow.collector.testing.RecordingSink;
import io.cryptoflow.common.Candle;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.Timeframe;
import io.dropwizard.util.Duration;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import io.cryptoflow.collector.aggregation.TradeRecorder;
import io.cryptoflow.collector.aggregation.TradeRetention;
import io.cryptoflow.collector.exchange.Trade;
import io.cryptoflow.collector.store.CandleSink;
import io.cryptoflow.collector.store.TradeBatch;
import io.cryptoflow.common.SqliteConnections;
import io.cryptoflow.common.ThreadPools;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FootprintBackfillTest {

    private static final long DAY = 86_400_000L;
    private static final long JAN1 = 1_767_225_600_000L; // 2026-01-01T00:00Z
    private static final String FUTURES = "/data/futures/um/daily/aggTrades/BTCUSDT/BTCUSDT-aggTrades-";
    private static final String SPOT = "/data/spot/daily/aggTrades/BTCUSDT/BTCUSDT-aggTrades-";
    private static final String FUTURES_HEADER =
            "agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker\n";

    private final MetricRegistry registry = new MetricRegistry();
    private final OrderFlowMetrics metrics = new OrderFlowMetrics(registry);
    private final HttpClient http = HttpClient.newHttpClient();
    private final RecordingSink sink = new RecordingSink();
    private final AtomicInteger catchUps = new AtomicInteger();
    private final List<RawTrade> day1 = RawTrade.series(11, 1, 300, JAN1 + 1000, 287_000, "97000");
    private final List<RawTrade> day2 = RawTrade.series(12, 301, 300, JAN1 + DAY + 500, 287_000, "98000");
    private FakeArchive archive;

    @BeforeEach
    void start() throws Exception {
        archive = new FakeArchive();
    }

    @AfterEach
    void stop() {
        archive.close();
    }

    private static String csv(List<RawTrade> trades, Function<RawTrade, String> row) {
        return trades.stream().map(row).collect(Collectors.joining("\n", "", "\n"));
    }

    private static String futuresRow(RawTrade t) {
        return "%d,%s,%s,%d,%d,%d,%s".formatted(t.id(), t.price(), t.qty(), t.id() * 3, t.id() * 3 + 2, t.time(), !t.takerBuy());
    }

    private static String spotRowMicros(RawTrade t) {
        return "%d,%s,%s,%d,%d,%d,%s,True".formatted(t.id(), t.price(), t.qty(), t.id() * 3, t.id() * 3 + 2,
                t.time() * 1000 + 123, !t.takerBuy() ? "True" : "False");
    }

    private FootprintBackfill backfill(ExchangeType venue, TradeSequencer seq, long nowMs) {
        return backfill(venue, seq, nowMs, 2);
    }

    private FootprintBackfill backfill(ExchangeType venue, TradeSequencer seq, long nowMs, int days) {
        ExchangeConfiguration vc = Sections.tradesOn("ws://127.0.0.1:9", "http://127.0.0.1:9", archive.baseUrl(), List.of(seq.market().symbol()),
                "pingInterval: 20s",
                "footprintDays: " + days,
                "minReconnectDelay: 10ms");
        return new FootprintBackfill(venue, venue.archive().orElseThrow(), vc, Map.of(seq.market().symbol(), seq),
                new ArchiveFetcher(http, java.time.Duration.ofSeconds(10)), sink,
                Clock.fixed(Instant.ofEpochMilli(nowMs), ZoneOffset.UTC), metrics);
    }

    private TradeSequencer sequencer(MarketSymbol market, WriteMode mode, boolean contiguous) {
        TradeSequencer seq = new TradeSequencer(market, contiguous,
                new TradeAggregator(market, mode, Prices.parse("10"), metrics), metrics, 1000);
        seq.onCatchUpNeeded(catchUps::incrementAndGet);
        return seq;
    }

    private void assertFootprintOf(List<RawTrade> trades) throws Exception {
        for (Timeframe tf : Timeframe.values()) {
            Footprints.assertMatchTrades(Footprints.latest(sink.batches, tf), trades, "10", tf);
        }
        assertThat(sink.batches).flatExtracting(CandleBatch::candles).allMatch(Candle::closed);
    }

    @Test
    void futuresZipsWithAndWithoutHeaderRowsBecomeClosedFootprintsAndHandOverTheLastId() throws Exception {
        archive.publishZip(FUTURES + "2026-01-01.zip", "BTCUSDT-aggTrades-2026-01-01.csv", FUTURES_HEADER + csv(day1, FootprintBackfillTest::futuresRow), true);
        archive.publishZip(FUTURES + "2026-01-02.zip", "BTCUSDT-aggTrades-2026-01-02.csv", csv(day2, FootprintBackfillTest::futuresRow), true);
        MarketSymbol btc = MarketSymbol.of("BINANCE", "BTCUSDT");
        TradeSequencer seq = sequencer(btc, WriteMode.FOOTPRINT, true);
        FootprintBackfill bf = backfill(BinanceExchanges.FUTURES, seq, JAN1 + 2 * DAY + 1_800_000);

        bf.prepare();
        assertThat(seq.isCatchingUp()).as("live trades wait for the hand-over").isTrue();
        bf.run();

        assertThat(seq.lastId()).isEqualTo(600);
        assertThat(catchUps).hasValue(1);
        assertFootprintOf(concat(day1, day2));
        assertThat(sink.batches).extracting(CandleBatch::mode).containsOnly(WriteMode.FOOTPRINT);
        assertThat(sink.sessions).extracting(DailySession::date).containsExactly("2026-01-01", "2026-01-02");
        assertThat(registry.counter("cryptoflow.collector.archive.files").getCount()).isEqualTo(2);
        assertThat(registry.counter("cryptoflow.collector.trades.gaps").getCount()).isZero();
        assertThat(bf.progress()).isEqualTo("done");
    }

    @Test
    void spotZipsWithoutHeaderAndMicrosecondTimestampsLandInTheRightCandles() throws Exception {
        archive.publishZip(SPOT + "2026-01-01.zip", "a.csv", csv(day1, FootprintBackfillTest::spotRowMicros), true);
        archive.publishZip(SPOT + "2026-01-02.zip", "b.csv", csv(day2, FootprintBackfillTest::spotRowMicros), true);
        TradeSequencer seq = sequencer(MarketSymbol.of("BINANCE_SPOT", "BTCUSDT"), WriteMode.FOOTPRINT, true);

        backfill(BinanceExchanges.SPOT, seq, JAN1 + 2 * DAY + 5).run();

        assertFootprintOf(concat(day1, day2));
    }

    @Test
    void aBadChecksumRejectsTheWholeFileAndTheNextDayStillImports() throws Exception {
        archive.publishZip(FUTURES + "2026-01-01.zip", "a.csv", FUTURES_HEADER + csv(day1, FootprintBackfillTest::futuresRow), false);
        archive.publishZip(FUTURES + "2026-01-02.zip", "b.csv", FUTURES_HEADER + csv(day2, FootprintBackfillTest::futuresRow), true);
        TradeSequencer seq = sequencer(MarketSymbol.of("BINANCE", "BTCUSDT"), WriteMode.FOOTPRINT, true);

        backfill(BinanceExchanges.FUTURES, seq, JAN1 + 2 * DAY + 5).run();

        assertThat(registry.counter("cryptoflow.collector.archive.rejected").getCount()).isEqualTo(1);
        assertFootprintOf(day2); // nothing of day 1 was stored
        assertThat(sink.sessions).extracting(DailySession::date).containsExactly("2026-01-02");
        assertThat(seq.lastId()).isEqualTo(600);
    }

    @Test
    void aMalformedRowRejectsTheWholeFileAndAMissingDayIsSkipped() throws Exception {
        String broken = csv(day2.subList(0, 150), FootprintBackfillTest::futuresRow) + "451,97000.5,abc,1,2,"
                + (JAN1 + DAY + 1) + ",true\n" + csv(day2.subList(151, 300), FootprintBackfillTest::futuresRow);
        archive.publishZip(FUTURES + "2026-01-02.zip", "b.csv", broken, true);
        TradeSequencer seq = sequencer(MarketSymbol.of("BINANCE", "BTCUSDT"), WriteMode.FOOTPRINT, true);

        backfill(BinanceExchanges.FUTURES, seq, JAN1 + 2 * DAY + 5).run();

        assertThat(sink.batches).isEmpty();
        assertThat(sink.sessions).isEmpty();
        assertThat(registry.counter("cryptoflow.collector.archive.rejected").getCount()).isEqualTo(1);
        assertThat(archive.requests).contains(FUTURES + "2026-01-01.zip");
        // nothing to continue from: the live stream starts on its own
        assertThat(seq.lastId()).isEqualTo(-1);
        assertThat(catchUps).hasValue(1);
    }

    @Test
    void bybitCsvGzWithSecondFractionsFillsPastDaysWithTakerSides() throws Exception {
        publishBybit("2026-01-01", day1);
        publishBybit("2026-01-02", day2);
        TradeSequencer seq = sequencer(MarketSymbol.of("BYBIT", "BTCUSDT"), WriteMode.FOOTPRINT_WITH_TAKER, false);
        FootprintBackfill bf = backfill(BybitExchanges.LINEAR, seq, JAN1 + 2 * DAY + 5);

        bf.prepare();
        assertThat(seq.isCatchingUp()).as("Bybit live does not wait for history").isFalse();
        bf.run();

        assertFootprintOf(concat(day1, day2));
        assertThat(sink.batches).extracting(CandleBatch::mode).containsOnly(WriteMode.FOOTPRINT_WITH_TAKER);
        Candle d1 = Footprints.latest(sink.batches, Timeframe.D1).get(JAN1);
        double buys = day1.stream().filter(RawTrade::takerBuy).mapToDouble(t -> Double.parseDouble(t.qty())).sum();
        assertThat(d1.buyVolume()).isCloseTo(buys, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(d1.tradeCount()).isEqualTo(300);
    }

    @Test
    void aRestartSkipsDaysAlreadyStoredButReReadsTheNewestTwoForTheHandOver(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        archive.publishZip(FUTURES + "2026-01-01.zip", "a.csv", csv(day1, FootprintBackfillTest::futuresRow), true);
        archive.publishZip(FUTURES + "2026-01-02.zip", "b.csv", csv(day2, FootprintBackfillTest::futuresRow), true);
        MarketSymbol btc = MarketSymbol.of("BINANCE", "BTCUSDT");
        java.nio.file.Path db = dir.resolve("collector.db");
        io.cryptoflow.collector.store.SqliteCandleWriter writer = new io.cryptoflow.collector.store.SqliteCandleWriter(db, 8, registry);
        writer.start();
        writer.submit(new CandleBatch(btc, Timeframe.D1, List.of(new Candle(JAN1 - 2 * DAY, 1, 1, 1, 1, 1, 1, 0, 1, 1,
                "{\"1\":{\"buy\":1,\"sell\":0}}", true)), WriteMode.FOOTPRINT)).get();
        writer.submit(new CandleBatch(btc, Timeframe.D1, List.of(new Candle(JAN1 - 2 * DAY, 1, 1, 1, 1, 1, 1, 0, 1, 1,
                null, true)), WriteMode.KLINE)).get(); // the exchange's kline closes the day
        writer.submit(new CandleBatch(btc, Timeframe.D1, List.of(new Candle(JAN1 - DAY, 1, 1, 1, 1, 1, 1, 0, 1, 1,
                null, true)), WriteMode.KLINE)).get();
        writer.submit(new CandleBatch(btc, Timeframe.D1, List.of(new Candle(JAN1 - 3 * DAY, 1, 1, 1, 1, 4, 4, 0, 4, 1,
                "{\"1\":{\"buy\":1,\"sell\":0}}", true)), WriteMode.FOOTPRINT)).get();
        writer.submit(new CandleBatch(btc, Timeframe.D1, List.of(new Candle(JAN1 - 3 * DAY, 1, 1, 1, 1, 4, 4, 0, 4, 1,
                null, true)), WriteMode.KLINE)).get();
        writer.stop();
        SqliteFootprintLedger ledger = new SqliteFootprintLedger(db);
        assertThat(ledger.hasFootprint(btc, java.time.LocalDate.of(2025, 12, 30))).isTrue();
        assertThat(ledger.hasFootprint(btc, java.time.LocalDate.of(2025, 12, 31))).as("kline only, no clusters").isFalse();
        assertThat(ledger.hasFootprint(btc, java.time.LocalDate.of(2025, 12, 29))).as("clusters cover 1 of 4").isFalse();

        TradeSequencer seq = sequencer(btc, WriteMode.FOOTPRINT, true);
        FootprintBackfill bf = backfill(BinanceExchanges.FUTURES, seq, JAN1 + 2 * DAY + 5, 4);
        bf.useLedger((m, d) -> true); // everything "stored": only the newest two days are read again
        bf.run();

        assertThat(archive.requests).noneMatch(r -> r.contains("2025-12-3"));
        assertThat(archive.requests).contains(FUTURES + "2026-01-01.zip", FUTURES + "2026-01-02.zip");
        assertThat(seq.lastId()).isEqualTo(600);
    }

    @Test
    void timestampUnitsAreToldByMagnitude() {
        assertThat(BinanceArchive.toMillis(1_767_225_600_123L)).isEqualTo(1_767_225_600_123L);
        assertThat(BinanceArchive.toMillis(1_767_225_600_123_456L)).isEqualTo(1_767_225_600_123L);
        assertThat(BinanceArchive.toMillis(1_767_225_600_123_456_789L)).isEqualTo(1_767_225_600_123L);
        assertThat(BinanceArchive.toMillis(1_767_225_600L)).isEqualTo(1_767_225_600_000L);
    }

    private void publishBybit(String date, List<RawTrade> trades) throws Exception {
        String header = "timestamp,symbol,side,size,price,tickDirection,trdMatchID,grossValue,homeNotional,foreignNotional\n";
        Function<RawTrade, String> row = t -> "%d.%03d%d,BTCUSDT,%s,%s,%s,PlusTick,%s,1e+10,%s,1".formatted(
                t.time() / 1000, t.time() % 1000, t.id() % 10, t.takerBuy() ? "Buy" : "Sell", t.qty(), t.price(),
                t.bybitUuid(), t.qty());
        archive.publishGzip("/trading/BTCUSDT/BTCUSDT" + date + ".csv.gz", header + csv(trades, row));
    }

    /**
     * Bybit's live stream runs while its archive stores the days before. The first live trade arrives
     * with only the first day stored: its gap must wait for the import and start at 00:00 of its own
     * day (yesterday imported whole), not at the first day's last trade — that gap covered all of
     * yesterday, which the import stored right after and the API then served as missing.
     */
    @Test
    void bybitsFirstLiveTradeDuringTheImportGapsOnlyWhatNoDayStored(@TempDir Path dir) throws Exception {
        publishBybit("2026-01-01", day1);
        publishBybit("2026-01-02", day2);
        long now = JAN1 + 2 * DAY + 60_000;
        Trade live = new Trade(9_001, Prices.parse("98100"), 0.5, true, now - 1_000);
        assertThat(gapsWhenTheFirstLiveTradeArrivesAfterDay1(dir, now, live))
                .containsExactly((JAN1 + 2 * DAY) + ".." + live.time());
    }

    /** Yesterday's file not published yet: its trades are missing, so the gap starts where the stored day ends. */
    @Test
    void bybitsFirstTradeGapCoversAYesterdayTheImportCouldNotStore(@TempDir Path dir) throws Exception {
        publishBybit("2026-01-01", day1);
        long now = JAN1 + 2 * DAY + 60_000;
        Trade live = new Trade(9_001, Prices.parse("98100"), 0.5, true, now - 1_000);
        assertThat(gapsWhenTheFirstLiveTradeArrivesAfterDay1(dir, now, live))
                .containsExactly((JAN1 + DAY) + ".." + live.time());
    }

    /** Runs a Bybit import of 2026-01-01 and -02 into a real collector.db; {@code live} arrives once day 1 is written. */
    private List<String> gapsWhenTheFirstLiveTradeArrivesAfterDay1(Path dir, long now, Trade live) throws Exception {
        Path db = dir.resolve("collector.db");
        SqliteCandleWriter writer = new SqliteCandleWriter(db, 8, registry);
        writer.start();
        try {
            TradeRecorder recorder = new TradeRecorder(writer, new TradeRetention(Map.of("BYBIT", 7)), () -> now,
                    ThreadPools.standalone(), 50, 1_000, 3_600_000);
            TradeSequencer seq = sequencer(MarketSymbol.of("BYBIT", "BTCUSDT"), WriteMode.FOOTPRINT_WITH_TAKER, false);
            seq.recordTo(recorder);
            CandleSink liveAfterDay1 = new CandleSink() {
                @Override
                public CompletableFuture<Void> submit(CandleBatch batch) {
                    return writer.submit(batch);
                }

                @Override
                public CompletableFuture<Void> submitSessions(List<DailySession> sessions) {
                    if (sessions.get(0).date().equals("2026-01-01")) {
                        seq.onLive(live); // the import goes on with 2026-01-02 after this
                    }
                    return writer.submitSessions(sessions);
                }
            };
            ExchangeConfiguration vc = Sections.tradesOn("ws://127.0.0.1:9", "http://127.0.0.1:9", archive.baseUrl(),
                    List.of("BTCUSDT"), "pingInterval: 20s", "footprintDays: 2", "minReconnectDelay: 10ms");
            FootprintBackfill bf = new FootprintBackfill(BybitExchanges.LINEAR, BybitExchanges.LINEAR.archive().orElseThrow(), vc,
                    Map.of("BTCUSDT", seq), new ArchiveFetcher(http, java.time.Duration.ofSeconds(10)), liveAfterDay1,
                    Clock.fixed(Instant.ofEpochMilli(now), ZoneOffset.UTC), metrics);

            bf.prepare();
            bf.run();
            CompletableFuture.allOf(recorder.flush().toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            writer.submitTrades(new TradeBatch(seq.market(), List.of())).get(10, TimeUnit.SECONDS); // after the gap

            List<String> gaps = new ArrayList<>();
            try (Connection c = SqliteConnections.openReadOnly(db);
                 Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT from_time, to_time FROM trade_gaps WHERE filled = 0")) {
                while (rs.next()) {
                    gaps.add(rs.getLong(1) + ".." + rs.getLong(2));
                }
            }
            try (Connection c = SqliteConnections.openReadOnly(db); Statement st = c.createStatement()) {
                List<String> tables = new ArrayList<>();
                try (ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'trades_bybit_2026%'")) {
                    while (rs.next()) {
                        tables.add(rs.getString(1));
                    }
                }
                assertThat(tables).as("day 1 and today at least").hasSizeGreaterThanOrEqualTo(2);
                for (String table : tables) {
                    for (String g : gaps) {
                        String[] r = g.split("\\.\\.");
                        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table
                                + " WHERE time > " + r[0] + " AND time < " + r[1])) {
                            assertThat(rs.getLong(1)).as("stored trades of %s inside gap %s", table, g).isZero();
                        }
                    }
                }
            }
            return gaps;
        } finally {
            writer.stop();
        }
    }

    private static List<RawTrade> concat(List<RawTrade> a, List<RawTrade> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
