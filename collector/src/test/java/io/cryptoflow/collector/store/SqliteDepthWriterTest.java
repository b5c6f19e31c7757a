package io.cryptoflow.collector.store;

import static io.cryptoflow.collector.store.SqlRows.longs;
import static io.cryptoflow.collector.store.SqlRows.strings;
import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.PartitionKind;
import io.cryptoflow.common.SqliteConnections;
import io.cryptoflow.common.TradePartition;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Heatmap rows in per-tier day partitions, depth_coverage upserts, per-kind expiry, bytes per market-day. */
class SqliteDepthWriterTest {

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

    private static DepthRow row(PartitionKind kind, long time, int binsPerSide, Random random) {
        byte[] bids = new byte[binsPerSide * 4];
        byte[] asks = new byte[binsPerSide * 4];
        random.nextBytes(bids);
        random.nextBytes(asks);
        return new DepthRow(kind, "BTCUSDT", time, 10.0, 9_700, 9_701, bids, asks, kind == PartitionKind.DEPTH ? 1 : 60);
    }

    private void write(List<DepthRow> rows, List<DepthBatch.Coverage> coverage) throws Exception {
        writer.submitDepth(new DepthBatch("BINANCE", rows, coverage)).get(10, TimeUnit.SECONDS);
    }

    @Test
    void rowsGoToTheirTiersDayPartitionAndCoverageGrowsOneRevisionPerBatch() throws Exception {
        Random r = new Random(1);
        long before = writer.lastRevision();
        write(List.of(row(PartitionKind.DEPTH, D0 + 1_000, 3, r), row(PartitionKind.DEPTH, D0 + DAY, 3, r),
                row(PartitionKind.DEPTH_MINUTE, D0, 3, r)), List.of(new DepthBatch.Coverage("BTCUSDT", D0 + 1_000, D0 + DAY)));
        assertThat(writer.lastRevision()).isEqualTo(before + 1);
        write(List.of(), List.of(new DepthBatch.Coverage("BTCUSDT", D0 + 1_000, D0 + DAY)));
        assertThat(writer.lastRevision()).as("nothing new: no revision").isEqualTo(before + 1);
        write(List.of(), List.of(new DepthBatch.Coverage("BTCUSDT", D0 + 1_000, D0 + DAY + 1_000)));
        try (Connection c = SqliteConnections.openReadOnly(db)) {
            assertThat(strings(c, "SELECT name FROM cf_partitions ORDER BY name"))
                    .containsExactly("depth_binance_20261201", "depth_binance_20261202", "depthm_binance_20261201");
            assertThat(longs(c, "SELECT samples FROM depthm_binance_20261201")).containsExactly(60L);
            assertThat(longs(c, "SELECT length(bids) FROM depth_binance_20261201")).containsExactly(12L);
            assertThat(longs(c, "SELECT to_time FROM depth_coverage WHERE exchange = 'BINANCE' AND symbol = 'BTCUSDT'"))
                    .containsExactly(D0 + DAY + 1_000);
            assertThat(longs(c, "SELECT rev FROM depth_coverage")).containsExactly(before + 2);
        }
    }

    @Test
    void eachTierExpiresByItsOwnRetentionAndTradeExpiryLeavesDepthAlone() throws Exception {
        Random r = new Random(2);
        write(List.of(row(PartitionKind.DEPTH, D0, 2, r), row(PartitionKind.DEPTH, D0 + 2 * DAY, 2, r),
                row(PartitionKind.DEPTH_MINUTE, D0, 2, r)), List.of());
        writer.submitTrades(new TradeBatch(MarketSymbol.of("BINANCE", "BTCUSDT"),
                List.of(new TradeRow("BTCUSDT", 1, D0 + 7, 1.0, 1.0, true)))).get(10, TimeUnit.SECONDS);

        assertThat(writer.submitTradeExpiry("BINANCE", D0 + DAY).get(10, TimeUnit.SECONDS))
                .containsExactly("trades_binance_20261201");
        long before = writer.lastRevision();
        assertThat(writer.submitPartitionExpiry("BINANCE", PartitionKind.DEPTH, D0 + DAY).get(10, TimeUnit.SECONDS))
                .containsExactly("depth_binance_20261201");
        assertThat(writer.lastRevision()).isEqualTo(before + 1);
        write(List.of(row(PartitionKind.DEPTH, D0 + 5, 2, r)), List.of()); // late: its day is gone for good
        try (Connection c = SqliteConnections.openReadOnly(db)) {
            assertThat(strings(c, "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'depth%' ORDER BY name"))
                    .containsExactly("depth_binance_20261203", "depth_coverage", "depthm_binance_20261201");
            assertThat(longs(c, "SELECT dropped FROM cf_partitions WHERE name = 'depth_binance_20261201'")).containsExactly(1L);
            assertThat(longs(c, "SELECT count(*) FROM cf_tombstones")).containsExactly(0L);
        }
    }

    /**
     * Bytes per market-day, measured: one hour of second rows of a BTCUSDT-like book (step 10, ±1 % of
     * ~97 000: ~97 bins per side) plus its 60 minute rows, in batches of one row as the sampler writes
     * them, then the partitions' pages (dbstat) scaled to 24 h. Printed for docs/architecture.md.
     */
    @Test
    void bytesPerMarketDayPerTier() throws Exception {
        Random r = new Random(3);
        int bins = 97;
        List<java.util.concurrent.CompletableFuture<Void>> pending = new ArrayList<>();
        for (int s = 0; s < 3_600; s++) {
            List<DepthRow> rows = new ArrayList<>(List.of(row(PartitionKind.DEPTH, D0 + s * 1_000L, bins, r)));
            if (s % 60 == 59) {
                rows.add(row(PartitionKind.DEPTH_MINUTE, D0 + (s - 59) * 1_000L, bins, r));
            }
            pending.add(writer.submitDepth(new DepthBatch("BINANCE", rows,
                    List.of(new DepthBatch.Coverage("BTCUSDT", D0, D0 + s * 1_000L)))));
        }
        for (var f : pending) {
            f.get(60, TimeUnit.SECONDS);
        }
        try (Connection c = SqliteConnections.openReadOnly(db)) {
            long second = longs(c, "SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name LIKE 'depth_binance_20261201%'").get(0);
            long minute = longs(c, "SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name LIKE 'depthm_binance_20261201%'").get(0);
            long secondDay = second * 24;
            long minuteDay = minute * 24;
            System.out.printf("depth bytes per market-day: second tier %d (%d B/row), minute tier %d (%d B/row)%n",
                    secondDay, second / 3_600, minuteDay, minute / 60);
            long blobs = 2L * bins * 4;
            // page fill (about 4 rows of ~800 B per 4 KiB page), row header and the (symbol, time) index
            assertThat(second / 3_600).as("a second row costs its blobs plus page overhead").isBetween(blobs, blobs * 3 / 2);
            assertThat(minute / 60).isBetween(blobs, blobs * 2);
        }
    }
}
