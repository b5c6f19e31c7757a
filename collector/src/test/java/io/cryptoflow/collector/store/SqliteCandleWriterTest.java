package io.cryptoflow.collector.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import io.cryptoflow.common.Candle;
import io.cryptoflow.common.CandleSchema;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.SqliteConnections;
import io.cryptoflow.common.Timeframe;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteCandleWriterTest {

    private static final MarketSymbol BTC = MarketSymbol.of("BINANCE", "BTCUSDT");
    private static final long T0 = 1_700_000_100_000L;
    private static final long H = Timeframe.H1.millis();
    private static final long BASE = Timeframe.H1.openTimeOf(T0);

    @TempDir
    Path dir;

    private Path db;
    private MetricRegistry metrics;
    private SqliteCandleWriter writer;

    @BeforeEach
    void start() throws Exception {
        db = dir.resolve("collector.db");
        metrics = new MetricRegistry();
        writer = new SqliteCandleWriter(db, 4, metrics);
        writer.start();
    }

    @AfterEach
    void stop() throws Exception {
        writer.stop();
    }

    private static Candle kline(long time, double close, boolean closed) {
        return Candle.fromTakerBuy(time, 100, Math.max(110, close), 90, close, 50, 20, 7, closed);
    }

    private void write(WriteMode mode, Candle... candles) throws Exception {
        writer.submit(new CandleBatch(BTC, Timeframe.H1, List.of(candles), mode)).get(10, TimeUnit.SECONDS);
    }

    private List<Object[]> rows(String sql) throws SQLException {
        try (Connection c = SqliteConnections.openReadOnly(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            List<Object[]> out = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                Object[] row = new Object[n];
                for (int i = 0; i < n; i++) {
                    row[i] = rs.getObject(i + 1);
                }
                out.add(row);
            }
            return out;
        }
    }

    /** Explicit statements: sqlite-jdbc's manual-commit mode would re-take the lock after rollback(). */
    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private long stateRev() throws SQLException {
        return ((Number) rows("SELECT rev FROM cf_state WHERE id = 1").get(0)[0]).longValue();
    }

    @Test
    void startAppliesTheSchemaInWalMode() throws Exception {
        try (Connection c = SqliteConnections.openReadOnly(db)) {
            assertThat(CandleSchema.userVersion(c)).isEqualTo(CandleSchema.VERSION);
        }
        assertThat(rows("PRAGMA journal_mode").get(0)[0]).isEqualTo("wal");
        assertThat(stateRev()).isZero();
    }

    @Test
    void eachBatchIsOneRevisionStampedOnEveryRowItWrites() throws Exception {
        write(WriteMode.KLINE, kline(BASE, 101, true), kline(BASE + H, 102, true));
        write(WriteMode.KLINE, kline(BASE + 2 * H, 103, true));

        assertThat(stateRev()).isEqualTo(2);
        List<Object[]> r = rows("SELECT time, rev, close, buy_volume, sell_volume, delta, trade_count, closed, clusters FROM candles_60 ORDER BY time");
        assertThat(r).hasSize(3);
        assertThat(r.get(0)).containsExactly(BASE, 1, 101.0, 20.0, 30.0, -10.0, 7, 1, null);
        assertThat(r.get(1)[1]).isEqualTo(1);
        assertThat(r.get(2)[1]).isEqualTo(2);
        long committedAt = ((Number) rows("SELECT committed_at FROM cf_state").get(0)[0]).longValue();
        assertThat(committedAt).isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(10_000L));
        assertThat(rows("SELECT symbol FROM candles_60").get(0)[0]).isEqualTo("BINANCE:BTCUSDT");
    }

    @Test
    void unchangedRowsAreSkippedAndCostNoRevision() throws Exception {
        write(WriteMode.KLINE, kline(BASE, 101, true), kline(BASE + H, 102, true));
        long idBefore = ((Number) rows("SELECT id FROM candles_60 WHERE time = " + (BASE + H)).get(0)[0]).longValue();

        write(WriteMode.KLINE, kline(BASE, 101, true), kline(BASE + H, 102, true));
        assertThat(stateRev()).isEqualTo(1);

        write(WriteMode.KLINE, kline(BASE, 101, true), kline(BASE + H, 105, true));
        assertThat(stateRev()).isEqualTo(2);
        List<Object[]> r = rows("SELECT time, rev, close, id FROM candles_60 ORDER BY time");
        assertThat(r.get(0)[1]).isEqualTo(1);
        assertThat(r.get(1)[1]).isEqualTo(2);
        assertThat(r.get(1)[2]).isEqualTo(105.0);
        assertThat(((Number) r.get(1)[3]).longValue()).as("upsert keeps the row id").isEqualTo(idBefore);
    }

    @Test
    void formingCandleNeverOverwritesAClosedOne() throws Exception {
        write(WriteMode.KLINE, kline(BASE, 101, true));

        write(WriteMode.KLINE, kline(BASE, 150, false));

        assertThat(rows("SELECT close, closed, rev FROM candles_60").get(0)).containsExactly(101.0, 1, 1);
        assertThat(stateRev()).isEqualTo(1);
    }

    @Test
    void aRowFirstWrittenFromTradesStaysFormingUntilTheExchangesKlineClosesIt() throws Exception {
        Candle fromTrades = Candle.fromTakerBuy(BASE, 100, 108, 95, 104, 30, 12, 3, true)
                .withClusters("{\"100\":{\"buy\":12,\"sell\":18}}");
        write(WriteMode.FOOTPRINT, fromTrades);
        assertThat(rows("SELECT closed FROM candles_60").get(0)).as("trades alone never finalize a candle")
                .containsExactly(0);
        assertThat(new StoredCandles(db).times(BTC, Timeframe.H1, BASE, BASE)).as("gap repair still wants its kline")
                .isEmpty();

        write(WriteMode.KLINE, kline(BASE, 101, true));

        assertThat(rows("SELECT close, volume, trade_count, closed, clusters FROM candles_60").get(0))
                .containsExactly(101.0, 50.0, 7, 1, "{\"100\":{\"buy\":12,\"sell\":18}}");
        assertThat(new StoredCandles(db).times(BTC, Timeframe.H1, BASE, BASE)).containsExactly(BASE);
    }

    @Test
    void theFinalFootprintAfterTheClosingKlineStillLandsButAFormingOneDoesNot() throws Exception {
        write(WriteMode.KLINE, kline(BASE, 101, true));

        write(WriteMode.FOOTPRINT, kline(BASE, 0, true).withClusters("{\"100\":{\"buy\":20,\"sell\":30}}"));
        write(WriteMode.FOOTPRINT, kline(BASE, 0, false).withClusters("{\"100\":{\"buy\":1,\"sell\":1}}"));

        assertThat(rows("SELECT close, closed, clusters FROM candles_60").get(0))
                .containsExactly(101.0, 1, "{\"100\":{\"buy\":20,\"sell\":30}}");
    }

    @Test
    void closedValuesReplaceTheFormingOnes() throws Exception {
        write(WriteMode.KLINE, kline(BASE, 101, false));
        write(WriteMode.KLINE, kline(BASE, 102, false));
        assertThat(rows("SELECT close, closed, rev FROM candles_60").get(0)).containsExactly(102.0, 0, 2);

        write(WriteMode.KLINE, kline(BASE, 103, true));

        assertThat(rows("SELECT close, closed, rev FROM candles_60").get(0)).containsExactly(103.0, 1, 3);
    }

    @Test
    void klineSyncKeepsFootprintClusters() throws Exception {
        write(WriteMode.KLINE, kline(BASE, 101, true));
        write(WriteMode.FOOTPRINT, kline(BASE, 999, true).withClusters("{\"101.5\":{\"buy\":1.0,\"sell\":2.0}}"));

        List<Object[]> afterFootprint = rows("SELECT close, clusters, rev FROM candles_60");
        assertThat(afterFootprint.get(0)).containsExactly(101.0, "{\"101.5\":{\"buy\":1.0,\"sell\":2.0}}", 2);

        write(WriteMode.KLINE, kline(BASE, 104, true));

        assertThat(rows("SELECT close, clusters, rev FROM candles_60").get(0))
                .containsExactly(104.0, "{\"101.5\":{\"buy\":1.0,\"sell\":2.0}}", 3);
    }

    @Test
    void noTakerKlinesKeepTradeDerivedTakerColumnsAndStartNewRowsUnknown() throws Exception {
        Candle fromTrades = new Candle(BASE, 1, 2, 0.5, 1.5, 10, 6, 4, 2, 33, "{}", true);
        write(WriteMode.FOOTPRINT_WITH_TAKER, fromTrades);
        Candle bybit = Candle.fromTakerBuy(BASE, 1.1, 2.2, 0.4, 1.6, 12, 0, 0, true);
        Candle bybitNew = Candle.fromTakerBuy(BASE + H, 1.6, 2.0, 1.0, 1.7, 8, 8, 99, true);

        write(WriteMode.KLINE_NO_TAKER, bybit, bybitNew);

        List<Object[]> r = rows("SELECT open, high, low, close, volume, buy_volume, sell_volume, delta, trade_count, clusters FROM candles_60 ORDER BY time");
        assertThat(r.get(0)).containsExactly(1.1, 2.2, 0.4, 1.6, 12.0, 6.0, 4.0, 2.0, 33, "{}");
        // not known from a kline without taker data: NULL, never 0
        assertThat(r.get(1)).containsExactly(1.6, 2.0, 1.0, 1.7, 8.0, null, null, null, null, null);
    }

    @Test
    void aCandleFirstWrittenFromTradesFollowsEveryTradeUntilItsKlineCloses() throws Exception {
        write(WriteMode.FOOTPRINT_WITH_TAKER, new Candle(BASE, 100, 100, 100, 100, 2.33, 2.33, 0, 2.33, 1, "{}", false));
        write(WriteMode.FOOTPRINT_WITH_TAKER, new Candle(BASE, 100, 105, 98, 101, 10, 6, 4, 2, 7, "{}", false));
        assertThat(rows("SELECT open, high, low, close, volume, trade_count, closed FROM candles_60").get(0))
                .containsExactly(100.0, 105.0, 98.0, 101.0, 10.0, 7, 0);

        // a forming kline that saw less than the trades: the wider range and the larger volume stay
        write(WriteMode.KLINE_NO_TAKER, Candle.withoutTaker(BASE, 99, 104, 99, 103, 9, false));
        write(WriteMode.FOOTPRINT_WITH_TAKER, new Candle(BASE, 100, 106, 97, 102, 12, 7, 5, 2, 9, "{}", false));
        assertThat(rows("SELECT open, high, low, close, volume FROM candles_60").get(0))
                .containsExactly(99.0, 106.0, 97.0, 102.0, 12.0);

        write(WriteMode.KLINE_NO_TAKER, Candle.withoutTaker(BASE, 99, 107, 96, 104, 13, true));
        write(WriteMode.FOOTPRINT_WITH_TAKER, new Candle(BASE, 1, 200, 1, 1, 50, 8, 5, 3, 10, "{}", true));
        assertThat(rows("SELECT open, high, low, close, volume, buy_volume, trade_count, closed FROM candles_60").get(0))
                .as("the exchange's closed kline is final for OHLCV; trades still own taker columns")
                .containsExactly(99.0, 107.0, 96.0, 104.0, 13.0, 8.0, 10, 1);
    }

    @Test
    void footprintWithTakerOwnsTakerColumnsButNotOhlcv() throws Exception {
        write(WriteMode.KLINE_NO_TAKER, Candle.fromTakerBuy(BASE, 1, 2, 0.5, 1.5, 10, 0, 0, true));

        write(WriteMode.FOOTPRINT_WITH_TAKER, new Candle(BASE, 9, 9, 9, 9, 99, 7, 3, 4, 12, "{\"1\":{\"buy\":7,\"sell\":3}}", true));

        assertThat(rows("SELECT open, volume, buy_volume, sell_volume, delta, trade_count, clusters FROM candles_60").get(0))
                .containsExactly(1.0, 10.0, 7.0, 3.0, 4.0, 12, "{\"1\":{\"buy\":7,\"sell\":3}}");
    }

    @Test
    void aBatchThatFailsHalfWayLeavesNothing() throws Exception {
        write(WriteMode.KLINE, kline(BASE, 101, true));
        Candle broken = Candle.fromTakerBuy(BASE + 2 * H, Double.NaN, 1, 1, 1, 1, 0, 0, true);

        CompletableFuture<Void> f = writer.submit(new CandleBatch(BTC, Timeframe.H1,
                List.of(kline(BASE, 120, true), kline(BASE + H, 102, true), broken), WriteMode.KLINE));

        assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        assertThat(rows("SELECT time, close FROM candles_60")).hasSize(1);
        assertThat(rows("SELECT close FROM candles_60").get(0)[0]).isEqualTo(101.0);
        assertThat(stateRev()).isEqualTo(1);
        assertThat(metrics.meter("cryptoflow.collector.writer.failed-batches").getCount()).isEqualTo(1);

        write(WriteMode.KLINE, kline(BASE + H, 102, true));
        assertThat(stateRev()).as("writer keeps going after a failed batch").isEqualTo(2);
    }

    @Test
    void misalignedCandleRejectsTheBatch() {
        CompletableFuture<Void> f = writer.submit(new CandleBatch(BTC, Timeframe.H1,
                List.of(kline(BASE, 101, true), kline(BASE + 1, 101, true)), WriteMode.KLINE));

        assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).hasMessageContaining("not aligned");
    }

    @Test
    void sessionsAreUpsertedWithRevisions() throws Exception {
        writer.submitSessions(List.of(new DailySession("BINANCE:BTCUSDT", "2026-11-25", 100.0, 101.0, 105.0, 95.0, 1000)))
                .get(10, TimeUnit.SECONDS);
        writer.submitSessions(List.of(new DailySession("BINANCE:BTCUSDT", "2026-11-25", 100.0, 101.0, 105.0, 95.0, 1000)))
                .get(10, TimeUnit.SECONDS);
        assertThat(stateRev()).isEqualTo(1);
        writer.submitSessions(List.of(new DailySession("BINANCE:BTCUSDT", "2026-11-25", 100.5, null, 105.0, 95.0, 1200)))
                .get(10, TimeUnit.SECONDS);

        assertThat(rows("SELECT poc, vwap, volume, rev FROM sessions").get(0)).containsExactly(100.5, null, 1200.0, 2);
    }

    @Test
    void lockHeldByAnotherConnectionIsWaitedOutAndCounted() throws Exception {
        try (Connection other = SqliteConnections.openWriter(db)) {
            execute(other, "BEGIN IMMEDIATE");
            CompletableFuture<Void> f = writer.submit(new CandleBatch(BTC, Timeframe.H1,
                    List.of(kline(BASE, 101, true)), WriteMode.KLINE));
            Thread.sleep(300);
            assertThat(f).isNotDone();
            execute(other, "ROLLBACK");
            f.get(10, TimeUnit.SECONDS);
        }

        assertThat(metrics.counter("cryptoflow.collector.sqlite.busy").getCount()).isGreaterThanOrEqualTo(1);
        assertThat(((Number) rows("SELECT busy_events FROM cf_state").get(0)[0]).longValue()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void fullQueueBlocksProducersAndStopDrainsEverything() throws Exception {
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        try (Connection other = SqliteConnections.openWriter(db)) {
            execute(other, "BEGIN IMMEDIATE");
            // The writer is stuck on the lock; 1 batch in its hands + 4 queued fill it up.
            for (int i = 0; i < 5; i++) {
                futures.add(writer.submit(new CandleBatch(BTC, Timeframe.H1, List.of(kline(BASE + i * H, 101, true)), WriteMode.KLINE)));
            }
            CompletableFuture<CompletableFuture<Void>> blocked = CompletableFuture.supplyAsync(() ->
                    writer.submit(new CandleBatch(BTC, Timeframe.H1, List.of(kline(BASE + 9 * H, 101, true)), WriteMode.KLINE)));
            Thread.sleep(400);
            assertThat(blocked).as("producer blocked while the queue is full").isNotDone();
            execute(other, "ROLLBACK");
            futures.add(blocked.get(10, TimeUnit.SECONDS));
        }

        writer.stop();

        for (CompletableFuture<Void> f : futures) {
            assertThat(f).isCompleted();
        }
        assertThat(rows("SELECT COUNT(*) FROM candles_60").get(0)[0]).isEqualTo(6);
        assertThat(writer.submit(new CandleBatch(BTC, Timeframe.H1, List.of(kline(BASE, 1, true)), WriteMode.KLINE)))
                .isCompletedExceptionally();
    }

    @Test
    void restartContinuesTheRevisionSequence() throws Exception {
        write(WriteMode.KLINE, kline(BASE, 101, true));
        writer.stop();
        writer = new SqliteCandleWriter(db, 4, new MetricRegistry());
        writer.start();

        write(WriteMode.KLINE, kline(BASE + H, 101, true));

        assertThat(stateRev()).isEqualTo(2);
        assertThat(rows("SELECT rev FROM candles_60 ORDER BY time").get(1)[0]).isEqualTo(2);
    }
}
