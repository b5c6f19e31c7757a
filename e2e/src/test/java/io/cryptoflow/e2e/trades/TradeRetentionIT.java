package io.cryptoflow.e2e.trades;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import io.cryptoflow.collector.store.SqliteCandleWriter;
import io.cryptoflow.collector.store.TradeBatch;
import io.cryptoflow.collector.store.TradeRow;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.SqliteConnections;
import io.cryptoflow.common.TradePartition;
import io.cryptoflow.replicator.core.Replication;
import io.cryptoflow.replicator.core.ReplicationMetrics;
import io.cryptoflow.replicator.core.ReplicationSettings;
import io.cryptoflow.replicator.core.ReplicationStatus;
import io.cryptoflow.replicator.core.ReplicationStrategy;
import io.cryptoflow.replicator.strategy.Replications;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention across the split with the real writer and the real incremental replicator: expired days
 * disappear whole from collector.db and api.db, and neither file gets a tombstone for them.
 */
class TradeRetentionIT {

    private static final MarketSymbol BTC = MarketSymbol.of("BINANCE", "BTCUSDT");
    private static final LocalDate FIRST = LocalDate.of(2026, 12, 1);

    @TempDir
    Path data;

    @Test
    void expiredDaysDisappearWholeInBothDatabasesWithoutTombstones() throws Exception {
        Path collectorDb = data.resolve("collector.db");
        Path apiDb = data.resolve("api.db");
        ReplicationSettings settings = ReplicationSettings.defaults(collectorDb, apiDb, ReplicationStrategy.INCREMENTAL);
        ReplicationStatus status = new ReplicationStatus(ReplicationStrategy.INCREMENTAL);
        ReplicationMetrics metrics = new ReplicationMetrics(new MetricRegistry(), status);
        SqliteCandleWriter writer = new SqliteCandleWriter(collectorDb, 16, new MetricRegistry());
        writer.start();
        try (Replication replication = Replications.create(settings, metrics, status)) {
            writeDay(writer, 0, 1);
            replication.runOnce(); // bootstrap snapshot
            for (int d = 1; d < 4; d++) {
                writeDay(writer, d, 1 + d * 1000L);
                replication.runOnce();
            }
            assertThat(partitions(apiDb)).containsExactly("trades_binance_20261201", "trades_binance_20261202",
                    "trades_binance_20261203", "trades_binance_20261204");

            List<String> dropped = writer.submitTradeExpiry("BINANCE",
                    new TradePartition("BINANCE", FIRST.plusDays(2)).dayStart()).get(10, TimeUnit.SECONDS);
            assertThat(dropped).containsExactly("trades_binance_20261201", "trades_binance_20261202");
            writeDay(writer, 4, 5001);
            replication.runOnce();

            for (Path db : List.of(collectorDb, apiDb)) {
                assertThat(partitions(db)).as(db.getFileName().toString())
                        .containsExactly("trades_binance_20261203", "trades_binance_20261204", "trades_binance_20261205");
                assertThat(count(db, "SELECT count(*) FROM cf_tombstones")).isZero();
                assertThat(count(db, "SELECT count(*) FROM cf_partitions WHERE dropped = 1")).isEqualTo(2);
                assertThat(count(db, "SELECT count(*) FROM trades_binance_20261205")).isEqualTo(500);
            }
            assertThat(replication.verify().consistent()).isTrue();
            assertThat(metrics.fallbackSnapshots.getCount()).isZero();
            assertThat(metrics.snapshots.getCount()).isEqualTo(1);
        } finally {
            writer.stop();
        }
    }

    private static void writeDay(SqliteCandleWriter writer, int day, long firstId) throws Exception {
        long start = new TradePartition("BINANCE", FIRST.plusDays(day)).dayStart();
        List<TradeRow> rows = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            rows.add(new TradeRow("BTCUSDT", firstId + i, start + i * 1000L, 97_000 + i, 0.01, i % 2 == 0));
        }
        writer.submitTrades(new TradeBatch(BTC, rows)).get(10, TimeUnit.SECONDS);
    }

    private static List<String> partitions(Path db) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = SqliteConnections.openReadOnly(db); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'trades\\_%' ESCAPE '\\' ORDER BY name")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private static long count(Path db, String sql) throws Exception {
        try (Connection c = SqliteConnections.openReadOnly(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
