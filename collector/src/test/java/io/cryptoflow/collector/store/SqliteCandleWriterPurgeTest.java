package io.cryptoflow.collector.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import io.cryptoflow.common.Candle;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.SqliteConnections;
import io.cryptoflow.common.Timeframe;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deletions through the single writer: purge with tombstones, and tombstone retention. */
class SqliteCandleWriterPurgeTest {

    private static final MarketSymbol BTC = MarketSymbol.of("BINANCE", "BTCUSDT");
    private static final MarketSymbol ETH = MarketSymbol.of("BYBIT", "ETHUSDT");
    private static final long DAY = 86_400_000L;
    private static final long BASE = LocalDate.parse("2026-11-20").atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    private static final long H = Timeframe.H1.millis();
    private static final Duration RETENTION = Duration.ofDays(3);
    private static final Duration PRUNE_INTERVAL = Duration.ofHours(1);

    @TempDir
    Path dir;

    private final AtomicLong now = new AtomicLong(BASE + 10 * DAY);
    private Path db;
    private MetricRegistry metrics;
    private SqliteCandleWriter writer;

    @BeforeEach
    void start() throws Exception {
        db = dir.resolve("collector.db");
        metrics = new MetricRegistry();
        writer = new SqliteCandleWriter(db, 8, metrics, now::get, new TombstoneRetention(RETENTION, PRUNE_INTERVAL));
        writer.start();
    }

    @AfterEach
    void stop() throws Exception {
        writer.stop();
    }

    private static Candle candle(long time, double close) {
        return Candle.fromTakerBuy(time, 100, 110, 90, close, 50, 20, 7, true);
    }

    private void write(MarketSymbol market, Timeframe tf, int count) throws Exception {
        List<Candle> candles = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            candles.add(candle(BASE + i * tf.millis(), 100 + i));
        }
        writer.submit(new CandleBatch(market, tf, candles, WriteMode.KLINE)).get(10, TimeUnit.SECONDS);
    }

    private void session(MarketSymbol market, String date) throws Exception {
        writer.submitSessions(List.of(new DailySession(market.stored(), date, 100.0, 101.0, 105.0, 95.0, 1000)))
                .get(10, TimeUnit.SECONDS);
    }

    private void fill() throws Exception {
        for (MarketSymbol m : List.of(BTC, ETH)) {
            write(m, Timeframe.M15, 6);
            write(m, Timeframe.H1, 5);
            write(m, Timeframe.D1, 2);
            session(m, "2026-11-20");
            session(m, "2026-11-21");
            writer.submitNoData(m, Timeframe.H1, BASE - 10 * H, BASE - H).get(10, TimeUnit.SECONDS);
            writer.submitNoData(m, Timeframe.M15, BASE - 10 * H, BASE - H).get(10, TimeUnit.SECONDS);
        }
    }

    private PurgeResult purge(PurgeRequest request) throws Exception {
        return writer.submitPurge(request).get(10, TimeUnit.SECONDS);
    }

    private List<String> rows(String sql) throws SQLException {
        try (Connection c = SqliteConnections.openReadOnly(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    row.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                out.add(row.toString());
            }
            return out;
        }
    }

    private long one(String sql) throws SQLException {
        return Long.parseLong(rows(sql).get(0));
    }

    /** (tbl, symbol, time) of every stored row of the symbol, as the tombstones for it must read. */
    private List<String> keysOf(MarketSymbol m) throws SQLException {
        List<String> keys = new ArrayList<>();
        for (Timeframe tf : Timeframe.values()) {
            keys.addAll(rows("SELECT '" + tf.table() + "', symbol, time FROM " + tf.table()
                    + " WHERE symbol = '" + m.stored() + "'"));
        }
        keys.addAll(rows("SELECT 'sessions', symbol, CAST(strftime('%s', date) AS INTEGER) * 1000 FROM sessions"
                + " WHERE symbol = '" + m.stored() + "'"));
        return keys;
    }

    private List<String> contentOf(MarketSymbol m) throws SQLException {
        List<String> content = new ArrayList<>();
        for (String table : List.of("candles_15", "candles_60", "candles_240", "candles_1440", "sessions")) {
            content.addAll(rows("SELECT * FROM " + table + " WHERE symbol = '" + m.stored() + "' ORDER BY 2, 3"));
        }
        content.addAll(rows("SELECT * FROM collector_no_data WHERE symbol = '" + m.stored() + "' ORDER BY 2, 3"));
        return content;
    }

    @Test
    void purgeDeletesEveryRowOfTheSymbolAndWritesOneTombstoneEachWithTheBatchRevision() throws Exception {
        fill();
        List<String> btcKeys = keysOf(BTC);
        List<String> ethBefore = contentOf(ETH);
        long revBefore = one("SELECT rev FROM cf_state");

        PurgeResult result = purge(PurgeRequest.all(BTC));

        assertThat(result.rev()).isEqualTo(revBefore + 1);
        assertThat(one("SELECT rev FROM cf_state")).isEqualTo(revBefore + 1);
        assertThat(result.candles()).containsEntry(Timeframe.M15, 6).containsEntry(Timeframe.H1, 5)
                .containsEntry(Timeframe.H4, 0).containsEntry(Timeframe.D1, 2);
        assertThat(result.sessions()).isEqualTo(2);
        assertThat(result.deletedRows()).isEqualTo(15).isEqualTo(btcKeys.size());
        assertThat(result.noDataRanges()).isEqualTo(2);

        assertThat(keysOf(BTC)).isEmpty();
        assertThat(rows("SELECT * FROM collector_no_data WHERE symbol = 'BINANCE:BTCUSDT'")).isEmpty();
        assertThat(contentOf(ETH)).as("other symbols untouched").isEqualTo(ethBefore);
        assertThat(rows("SELECT tbl, symbol, time FROM cf_tombstones")).containsExactlyInAnyOrderElementsOf(btcKeys);
        assertThat(rows("SELECT DISTINCT rev, deleted_at FROM cf_tombstones"))
                .containsExactly((revBefore + 1) + "|" + now.get());
        assertThat(metrics.meter("cryptoflow.collector.writer.tombstones-written").getCount()).isEqualTo(15);
    }

    @Test
    void purgeOfOneTimeframeBeforeATimeKeepsNewerRowsOtherTimeframesAndSessions() throws Exception {
        fill();
        List<String> m15Before = rows("SELECT * FROM candles_15 ORDER BY symbol, time");

        PurgeResult result = purge(new PurgeRequest(BTC, List.of(Timeframe.H1), BASE + 2 * H, false));

        assertThat(result.candles()).containsOnly(java.util.Map.entry(Timeframe.H1, 2));
        assertThat(result.sessions()).isZero();
        assertThat(rows("SELECT time FROM candles_60 WHERE symbol = 'BINANCE:BTCUSDT' ORDER BY time"))
                .containsExactly(Long.toString(BASE + 2 * H), Long.toString(BASE + 3 * H), Long.toString(BASE + 4 * H));
        assertThat(rows("SELECT count(*) FROM candles_60 WHERE symbol = 'BYBIT:ETHUSDT'")).containsExactly("5");
        assertThat(rows("SELECT * FROM candles_15 ORDER BY symbol, time")).isEqualTo(m15Before);
        assertThat(rows("SELECT count(*) FROM sessions")).containsExactly("4");
        assertThat(rows("SELECT tbl, symbol, time FROM cf_tombstones ORDER BY time")).containsExactly(
                "candles_60|BINANCE:BTCUSDT|" + BASE, "candles_60|BINANCE:BTCUSDT|" + (BASE + H));
        assertThat(rows("SELECT minutes FROM collector_no_data WHERE symbol = 'BINANCE:BTCUSDT'"))
                .as("only the purged timeframe's gap bookkeeping is forgotten").containsExactly("15");
    }

    @Test
    void boundedPurgeDeletesSessionsWhoseDayStartsBeforeTheBoundWithTheDayStartAsTombstoneTime() throws Exception {
        fill();
        long dayTwo = LocalDate.parse("2026-11-21").atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();

        PurgeResult result = purge(new PurgeRequest(BTC, Timeframe.all(), dayTwo, true));

        assertThat(result.sessions()).isEqualTo(1);
        assertThat(rows("SELECT date FROM sessions WHERE symbol = 'BINANCE:BTCUSDT'")).containsExactly("2026-11-21");
        assertThat(rows("SELECT time FROM cf_tombstones WHERE tbl = 'sessions'")).containsExactly(Long.toString(BASE));
        assertThat(rows("SELECT time FROM candles_1440 WHERE symbol = 'BINANCE:BTCUSDT'")).containsExactly(Long.toString(dayTwo));
    }

    @Test
    void purgeOfASymbolWithNothingStoredCostsNoRevisionAndChangesNothing() throws Exception {
        fill();
        List<String> before = new ArrayList<>(contentOf(BTC));
        before.addAll(contentOf(ETH));
        long revBefore = one("SELECT rev FROM cf_state");

        PurgeResult result = purge(PurgeRequest.all(MarketSymbol.of("BITGET", "XYZUSDT")));

        assertThat(result.rev()).isZero();
        assertThat(result.deletedRows()).isZero();
        assertThat(result.noDataRanges()).isZero();
        assertThat(one("SELECT rev FROM cf_state")).isEqualTo(revBefore);
        assertThat(rows("SELECT count(*) FROM cf_tombstones")).containsExactly("0");
        List<String> after = new ArrayList<>(contentOf(BTC));
        after.addAll(contentOf(ETH));
        assertThat(after).isEqualTo(before);
    }

    @Test
    void aPurgedCandleWrittenAgainGetsARevisionAfterItsTombstone() throws Exception {
        write(BTC, Timeframe.H1, 2);
        long tombstoneRev = purge(PurgeRequest.all(BTC)).rev();

        write(BTC, Timeframe.H1, 1);

        assertThat(one("SELECT rev FROM candles_60 WHERE time = " + BASE)).isGreaterThan(tombstoneRev);
        assertThat(rows("SELECT rev FROM cf_tombstones WHERE time = " + BASE)).containsExactly(Long.toString(tombstoneRev));
    }

    @Test
    void pruneRemovesOnlyTombstonesOlderThanTheRetentionAndRecordsTheHighestPrunedRevision() throws Exception {
        fill();
        long firstDeletion = now.get();
        long oldRev = purge(new PurgeRequest(BTC, List.of(Timeframe.H1), PurgeRequest.EVERYTHING, false)).rev();
        now.addAndGet(DAY);
        long newerRev = purge(new PurgeRequest(ETH, List.of(Timeframe.H1), PurgeRequest.EVERYTHING, false)).rev();
        assertThat(one("SELECT tombstones_pruned_rev FROM cf_state")).isZero();
        long revBefore = one("SELECT rev FROM cf_state");

        now.set(firstDeletion + RETENTION.toMillis() - 1);
        assertThat(writer.submitTombstonePrune().get(10, TimeUnit.SECONDS)).as("nothing is old enough yet").isZero();

        now.set(firstDeletion + RETENTION.toMillis() + 1);
        assertThat(writer.submitTombstonePrune().get(10, TimeUnit.SECONDS)).isEqualTo(5);

        assertThat(rows("SELECT DISTINCT rev FROM cf_tombstones")).containsExactly(Long.toString(newerRev));
        assertThat(rows("SELECT count(*) FROM cf_tombstones")).containsExactly("5");
        assertThat(one("SELECT tombstones_pruned_rev FROM cf_state")).isEqualTo(oldRev);
        assertThat(one("SELECT rev FROM cf_state")).as("pruning changes no replicated row: no revision").isEqualTo(revBefore);
        assertThat(writer.tombstonesPrunedRevision()).isEqualTo(oldRev);

        now.addAndGet(DAY);
        writer.submitTombstonePrune().get(10, TimeUnit.SECONDS);
        assertThat(rows("SELECT count(*) FROM cf_tombstones")).containsExactly("0");
        assertThat(one("SELECT tombstones_pruned_rev FROM cf_state")).isEqualTo(newerRev);
        assertThat(metrics.meter("cryptoflow.collector.writer.tombstones-pruned").getCount()).isEqualTo(10);
    }

    @Test
    void theWriterPrunesOnItsOwnOnceThePruneIntervalHasPassedAndTheRevisionSurvivesARestart() throws Exception {
        write(BTC, Timeframe.H1, 3);
        long rev = purge(PurgeRequest.all(BTC)).rev();

        now.addAndGet(RETENTION.toMillis() + PRUNE_INTERVAL.toMillis() + 1);

        await().atMost(Duration.ofSeconds(20)).until(() -> one("SELECT tombstones_pruned_rev FROM cf_state") == rev);
        assertThat(rows("SELECT count(*) FROM cf_tombstones")).containsExactly("0");
        assertThat(metrics.getGauges().get("cryptoflow.collector.writer.tombstones-pruned-rev").getValue()).isEqualTo(rev);

        writer.stop();
        writer = new SqliteCandleWriter(db, 8, new MetricRegistry(), now::get, new TombstoneRetention(RETENTION, PRUNE_INTERVAL));
        writer.start();
        assertThat(writer.tombstonesPrunedRevision()).isEqualTo(rev);
    }
}
