package io.cryptoflow.collector.store;

import static io.cryptoflow.collector.store.SqlRows.longs;
import static io.cryptoflow.collector.store.SqlRows.strings;
import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.SqliteConnections;
import io.cryptoflow.common.TradePartition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteTradeWriterTest {

    private static final MarketSymbol BTC = MarketSymbol.of("BINANCE", "BTCUSDT");
    private static final MarketSymbol ETH = MarketSymbol.of("BINANCE", "ETHUSDT");
    private static final long DAY = 86_400_000L;
    private static final long D0 = new TradePartition("BINANCE", LocalDate.of(2026, 12, 1)).dayStart();

    @TempDir
    Path dir;

    private Path db;
    private SqliteCandleWriter writer;

    @BeforeEach
    void start() throws Exception {
        db = dir.resolve("collector.db");
        writer = new SqliteCandleWriter(db, 8, new MetricRegistry());
        writer.start();
    }

    @AfterEach
    void stop() throws Exception {
        writer.stop();
    }

    private static TradeRow trade(String symbol, long id, long time) {
        return new TradeRow(symbol, id, time, 97_000.5 + id % 7, 0.001 * (1 + id % 5), id % 2 == 0);
    }

    private void write(MarketSymbol m, TradeRow... rows) throws Exception {
        writer.submitTrades(new TradeBatch(m, List.of(rows))).get(10, TimeUnit.SECONDS);
    }

    @Test
    void aBatchIsOneRevisionSplitIntoDayPartitionsAndDuplicatesAreSkipped() throws Exception {
        write(BTC, trade("BTCUSDT", 1, D0 + 5), trade("BTCUSDT", 2, D0 + 5), trade("BTCUSDT", 3, D0 + DAY + 1));
        long rev = writer.lastRevision();
        write(BTC, trade("BTCUSDT", 2, D0 + 5), trade("BTCUSDT", 3, D0 + DAY + 1));
        assertThat(writer.lastRevision()).as("only duplicates: no revision").isEqualTo(rev);
        write(ETH, trade("ETHUSDT", 2, D0 + 7));

        try (Connection c = SqliteConnections.openReadOnly(db)) {
            assertThat(longs(c, "SELECT id FROM trades_binance_20261201 WHERE symbol = 'BTCUSDT' ORDER BY seq")).containsExactly(1L, 2L);
            assertThat(longs(c, "SELECT id FROM trades_binance_20261202")).containsExactly(3L);
            assertThat(longs(c, "SELECT DISTINCT rev FROM trades_binance_20261202")).containsExactly(rev);
            assertThat(longs(c, "SELECT count(*) FROM trades_binance_20261201 WHERE symbol = 'ETHUSDT'")).containsExactly(1L);
            assertThat(longs(c, "SELECT rev FROM cf_partitions WHERE name = 'trades_binance_20261201'"))
                    .containsExactly(writer.lastRevision());
            assertThat(longs(c, "SELECT buyer_maker FROM trades_binance_20261201 WHERE id = 2 AND symbol = 'BTCUSDT'"))
                    .containsExactly(1L);
        }
    }

    @Test
    void expiryDropsWholeDaysUnderOneRevisionWithoutTombstonesAndTheDayNeverComesBack() throws Exception {
        for (int d = 0; d < 4; d++) {
            write(BTC, trade("BTCUSDT", 10 + d, D0 + d * DAY + 1000));
        }
        write(MarketSymbol.of("BYBIT", "BTCUSDT"), trade("BTCUSDT", 1, D0 + 1000));
        long before = writer.lastRevision();

        List<String> dropped = writer.submitTradeExpiry("BINANCE", D0 + 2 * DAY).get(10, TimeUnit.SECONDS);

        assertThat(dropped).containsExactly("trades_binance_20261201", "trades_binance_20261202");
        assertThat(writer.lastRevision()).isEqualTo(before + 1);
        assertThat(writer.submitTradeExpiry("BINANCE", D0 + 2 * DAY).get(10, TimeUnit.SECONDS)).isEmpty();
        assertThat(writer.lastRevision()).as("nothing to drop: no revision").isEqualTo(before + 1);
        write(BTC, trade("BTCUSDT", 99, D0 + 5)); // a late archive row of an expired day
        try (Connection c = SqliteConnections.openReadOnly(db)) {
            assertThat(strings(c, "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'trades_%' ORDER BY name"))
                    .containsExactly("trades_binance_20261203", "trades_binance_20261204", "trades_bybit_20261201");
            assertThat(longs(c, "SELECT rev FROM cf_partitions WHERE dropped = 1 ORDER BY name")).containsExactly(before + 1, before + 1);
            assertThat(longs(c, "SELECT count(*) FROM cf_tombstones")).containsExactly(0L);
        }
    }

    @Test
    void aGapIsRecordedOnceAndMarkedFilledByARepairOfItsDay() throws Exception {
        writer.submitTradeGap(BTC, D0 + 100, D0 + 900, false).get(10, TimeUnit.SECONDS);
        long rev = writer.lastRevision();
        writer.submitTradeGap(BTC, D0 + 100, D0 + 900, false).get(10, TimeUnit.SECONDS);
        writer.submitTradeGap(BTC, D0, D0 + DAY - 1, true).get(10, TimeUnit.SECONDS);
        try (Connection c = SqliteConnections.openReadOnly(db)) {
            assertThat(longs(c, "SELECT filled FROM trade_gaps WHERE symbol = 'BTCUSDT' AND from_time = " + (D0 + 100)))
                    .containsExactly(1L);
            assertThat(longs(c, "SELECT rev FROM trade_gaps")).containsExactly(writer.lastRevision());
        }
        assertThat(writer.lastRevision()).isGreaterThan(rev);
    }

    /** An outage across two midnights is filled one archive day at a time, in any order, and ends filled. */
    @Test
    void aGapSpanningSeveralDaysIsFilledDayByDay() throws Exception {
        writer.submitTradeGap(BTC, D0 + DAY - 500, D0 + 2 * DAY + 700, false).get(10, TimeUnit.SECONDS);
        String unfilled = "SELECT from_time || '-' || to_time FROM trade_gaps WHERE filled = 0 ORDER BY from_time";
        writer.submitTradeGap(BTC, D0 + DAY, D0 + 2 * DAY - 1, true).get(10, TimeUnit.SECONDS); // the middle day
        try (Connection c = SqliteConnections.openReadOnly(db)) {
            assertThat(strings(c, unfilled)).containsExactly((D0 + DAY - 500) + "-" + (D0 + DAY - 1),
                    (D0 + 2 * DAY) + "-" + (D0 + 2 * DAY + 700));
        }
        writer.submitTradeGap(BTC, D0 + 2 * DAY, D0 + 3 * DAY - 1, true).get(10, TimeUnit.SECONDS); // the last
        writer.submitTradeGap(ETH, D0, D0 + DAY - 1, true).get(10, TimeUnit.SECONDS); // another market's: no effect
        try (Connection c = SqliteConnections.openReadOnly(db)) {
            assertThat(strings(c, unfilled)).containsExactly((D0 + DAY - 500) + "-" + (D0 + DAY - 1));
        }
        writer.submitTradeGap(BTC, D0, D0 + DAY - 1, true).get(10, TimeUnit.SECONDS); // the first
        try (Connection c = SqliteConnections.openReadOnly(db)) {
            assertThat(strings(c, unfilled)).isEmpty();
            assertThat(longs(c, "SELECT count(*) FROM trade_gaps")).containsExactly(2L);
        }
    }

    @Test
    void afterARestartWithoutHandOverTheRangeSinceTheNewestStoredTradeIsAGap() throws Exception {
        write(BTC, trade("BTCUSDT", 1, D0 + 100), trade("BTCUSDT", 2, D0 + DAY + 200));
        write(ETH, trade("ETHUSDT", 1, D0 + DAY + 900));
        writer.submitGapSinceStored(BTC, D0 + DAY + 5_000, Long.MIN_VALUE).get(10, TimeUnit.SECONDS);
        try (Connection c = SqliteConnections.openReadOnly(db)) {
            assertThat(strings(c, "SELECT symbol || ' ' || from_time || ' ' || to_time || ' ' || filled FROM trade_gaps"))
                    .containsExactly("BTCUSDT " + (D0 + DAY + 200) + " " + (D0 + DAY + 5_000) + " 0");
        }
    }

    /**
     * Asked after an archive import: live trades after the first one are stored by then and do not
     * count, and a day the import stored whole ends the stored range at its end, not at its last trade.
     */
    @Test
    void theGapStartsAtTheNewestTradeBeforeTheFirstOneButNotBeforeTheDayStoredWhole() throws Exception {
        write(BTC, trade("BTCUSDT", 1, D0 + 100), trade("BTCUSDT", 2, D0 + DAY - 50), trade("BTCUSDT", 9, D0 + DAY + 7_000));
        write(ETH, trade("ETHUSDT", 1, D0 + 100), trade("ETHUSDT", 9, D0 + DAY + 7_000));
        writer.submitGapSinceStored(BTC, D0 + DAY + 5_000, D0 + DAY).get(10, TimeUnit.SECONDS);
        writer.submitGapSinceStored(ETH, D0 + DAY + 5_000, Long.MIN_VALUE).get(10, TimeUnit.SECONDS);
        try (Connection c = SqliteConnections.openReadOnly(db)) {
            assertThat(strings(c, "SELECT symbol || ' ' || from_time || ' ' || to_time FROM trade_gaps ORDER BY symbol"))
                    .containsExactly("BTCUSDT " + (D0 + DAY) + " " + (D0 + DAY + 5_000),
                            "ETHUSDT " + (D0 + 100) + " " + (D0 + DAY + 5_000));
        }
    }

    /**
     * A first start (or an archive import still storing the days before): nothing stored, so the
     * served window begins at 00:00 of the first trade's day, and what lies before that trade is a
     * gap — not a silent hole (Bybit: yesterday's archive lands seconds after the first live trade).
     */
    @Test
    void withNothingStoredTheFirstTradesDayUpToItIsAGap() throws Exception {
        writer.submitGapSinceStored(BTC, D0 + 5_000, Long.MIN_VALUE).get(10, TimeUnit.SECONDS);
        writer.submitGapSinceStored(ETH, D0, Long.MIN_VALUE).get(10, TimeUnit.SECONDS); // at 00:00 sharp: nothing before it
        try (Connection c = SqliteConnections.openReadOnly(db)) {
            assertThat(strings(c, "SELECT symbol || ' ' || from_time || ' ' || to_time || ' ' || filled FROM trade_gaps"))
                    .containsExactly("BTCUSDT " + D0 + " " + (D0 + 5_000) + " 0");
        }
    }

    /**
     * A unit-level throughput check of the writer alone (the full one with every stream on is bench's):
     * prints trades/s and bytes per trade, and fails only far below the 50,000/s target.
     */
    @Test
    void storesTensOfThousandsOfTradesPerSecond() throws Exception {
        int batches = 40;
        int perBatch = 5_000;
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        long started = System.nanoTime();
        long id = 1_000_000_000L;
        for (int b = 0; b < batches; b++) {
            List<TradeRow> rows = new ArrayList<>(perBatch);
            for (int i = 0; i < perBatch; i++, id++) {
                rows.add(new TradeRow("BTCUSDT", id, D0 + id / 25, 97_000 + (id % 2_000) / 10.0, 0.001 * (1 + id % 300),
                        id % 3 == 0));
            }
            futures.add(writer.submitTrades(new TradeBatch(BTC, rows)));
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - started) / 1e9;
        int total = batches * perBatch;
        writer.stop();
        long bytes = Files.size(db);
        System.out.printf("raw trades: %d in %.2f s = %.0f trades/s; collector.db %d bytes = %.1f bytes/trade%n",
                total, seconds, total / seconds, bytes, (double) bytes / total);
        assertThat(total / seconds).isGreaterThan(10_000);
    }



    private static List<String> column(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
