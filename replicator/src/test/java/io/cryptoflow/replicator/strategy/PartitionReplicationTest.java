package io.cryptoflow.replicator.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoflow.common.PartitionKind;
import io.cryptoflow.common.TradePartition;
import io.cryptoflow.common.TradeSchema;
import io.cryptoflow.replicator.core.ReplicationSettings;
import io.cryptoflow.replicator.core.ReplicationStrategy;
import io.cryptoflow.replicator.support.CollectorFixture;
import io.cryptoflow.replicator.support.Harness;
import io.cryptoflow.replicator.support.SqliteFiles;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Raw-trade partitions on real files: created and filled incrementally (no snapshot after the
 * bootstrap), dropped as a whole table in api.db when the collector drops them, no tombstone.
 */
class PartitionReplicationTest {

    private static final TradePartition DAY1 = new TradePartition("BINANCE", LocalDate.of(2026, 12, 1));
    private static final TradePartition DAY2 = new TradePartition("BINANCE", LocalDate.of(2026, 12, 2));

    @TempDir
    Path dir;

    private ReplicationSettings settings() {
        return ReplicationSettings.defaults(dir.resolve("collector.db"), dir.resolve("api.db"), ReplicationStrategy.INCREMENTAL)
                .withIntervals(Duration.ofSeconds(1), Duration.ofMillis(10))
                .withConsistencyCheck(Duration.ofDays(1), 1000);
    }

    @Test
    void partitionsAreCreatedFilledAndDroppedIncrementallyWithoutTombstones() throws Exception {
        Path api = dir.resolve("api.db");
        try (CollectorFixture collector = new CollectorFixture(dir.resolve("collector.db"), 5, 2);
                Harness h = new Harness(settings())) {
            collector.commitBatch();
            h.loop.tick(); // bootstrap snapshot
            Connection c = collector.connection();
            writeTrades(c, DAY1, 1, 100);
            h.loop.tick();
            writeTrades(c, DAY1, 101, 50);
            writeTrades(c, DAY2, 151, 10);
            h.loop.tick();

            assertThat(h.metrics.snapshots.getCount()).as("no snapshot after the bootstrap").isEqualTo(1);
            assertThat(SqliteFiles.queryLong(api, "SELECT count(*) FROM " + DAY1.table())).isEqualTo(150);
            assertThat(SqliteFiles.queryLong(api, "SELECT sum(id) FROM " + DAY2.table())).isEqualTo(151 * 10 + 45);
            assertThat(h.replication.verify().consistent()).isTrue();

            dropPartition(c, DAY1);
            h.loop.tick();
            assertThat(h.metrics.snapshots.getCount()).isEqualTo(1);
            assertThat(SqliteFiles.queryLong(api, "SELECT count(*) FROM sqlite_master WHERE name LIKE 'trades_binance_20261201%'"))
                    .isZero();
            assertThat(SqliteFiles.queryLong(api, "SELECT dropped FROM cf_partitions WHERE name = '" + DAY1.table() + "'"))
                    .isEqualTo(1);
            assertThat(SqliteFiles.queryLong(api, "SELECT count(*) FROM cf_tombstones")).isZero();
            assertThat(SqliteFiles.queryLong(api, "SELECT count(*) FROM " + DAY2.table())).isEqualTo(10);
            var report = h.replication.verify();
            assertThat(report.mismatches()).isEmpty();
            assertThat(report.consistent()).isTrue();
        }
    }

    @Test
    void liquidationPartitionsAndCoverageFollowTheSameReplayAndDrop() throws Exception {
        Path api = dir.resolve("api.db");
        TradePartition liq = new TradePartition(PartitionKind.LIQUIDATIONS, "BYBIT", LocalDate.of(2026, 12, 1));
        try (CollectorFixture collector = new CollectorFixture(dir.resolve("collector.db"), 5, 2);
                Harness h = new Harness(settings())) {
            collector.commitBatch();
            h.loop.tick();
            Connection c = collector.connection();
            writeLiquidations(c, liq, 7, liq.dayStart() + 10_000);
            writeTrades(c, DAY1, 1, 5);
            h.loop.tick();
            writeLiquidations(c, liq, 3, liq.dayStart() + 20_000);
            h.loop.tick();

            assertThat(h.metrics.snapshots.getCount()).as("a new kind's day is no schema change").isEqualTo(1);
            assertThat(SqliteFiles.queryLong(api, "SELECT count(*) FROM " + liq.table())).isEqualTo(10);
            assertThat(SqliteFiles.queryLong(api, "SELECT to_time FROM liquidation_coverage")).isEqualTo(liq.dayStart() + 20_000);
            assertThat(h.replication.verify().consistent()).isTrue();

            dropPartition(c, liq);
            h.loop.tick();
            assertThat(SqliteFiles.queryLong(api, "SELECT count(*) FROM sqlite_master WHERE name LIKE 'liquidations_%'")).isZero();
            assertThat(SqliteFiles.queryLong(api, "SELECT count(*) FROM " + DAY1.table())).isEqualTo(5);
            assertThat(SqliteFiles.queryLong(api, "SELECT count(*) FROM cf_tombstones")).isZero();
            assertThat(h.replication.verify().mismatches()).isEmpty();
        }
    }

    /**
     * The deduplication index by trade id is the collector's alone: api.db's partitions do without it,
     * whether the apply created them or a snapshot copied them (its random inserts were most of an apply).
     */
    @Test
    void apiDbPartitionsDoWithoutTheWritersIdIndex() throws Exception {
        Path api = dir.resolve("api.db");
        Path collectorDb = dir.resolve("collector.db");
        String idIndexes = "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = '%s'";
        try (CollectorFixture collector = new CollectorFixture(collectorDb, 5, 2);
                Harness h = new Harness(settings())) {
            collector.commitBatch();
            writeTrades(collector.connection(), DAY1, 1, 30);
            h.loop.tick(); // bootstrap snapshot: DAY1 is copied with its id index
            writeTrades(collector.connection(), DAY2, 31, 20);
            h.loop.tick(); // DAY2 created by the apply

            for (TradePartition p : List.of(DAY1, DAY2)) {
                String idIndex = idIndexes.formatted(TradeSchema.idIndex(p));
                assertThat(SqliteFiles.queryLong(collectorDb, idIndex)).as("collector.db " + p.table()).isEqualTo(1);
                assertThat(SqliteFiles.queryLong(api, idIndex)).as("api.db " + p.table()).isZero();
            }
            assertThat(SqliteFiles.queryLong(api, "SELECT count(*) FROM " + DAY2.table())).isEqualTo(20);
            assertThat(h.replication.verify().consistent()).isTrue();
        }
    }

    @Test
    void theCheckNoticesAPartitionRowMissingInTheReplica() throws Exception {
        Path api = dir.resolve("api.db");
        try (CollectorFixture collector = new CollectorFixture(dir.resolve("collector.db"), 5, 2);
                Harness h = new Harness(settings())) {
            collector.commitBatch();
            h.loop.tick();
            writeTrades(collector.connection(), DAY1, 1, 20);
            h.loop.tick();
            try (Connection c = io.cryptoflow.common.SqliteConnections.openWriter(api); Statement s = c.createStatement()) {
                s.execute("DELETE FROM " + DAY1.table() + " WHERE id = 7");
            }
            var report = h.replication.verify();
            assertThat(report.mismatches().toString()).contains(DAY1.table());
            assertThat(SqliteFiles.queryLong(api, "SELECT count(*) FROM " + DAY1.table())).as("resynced").isEqualTo(20);
        }
    }

    /** One collector batch the way its writer writes trades: one rev, partition created on first use, catalog stamped. */
    static void writeTrades(Connection c, TradePartition p, long firstId, int n) throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            long rev = bump(s, c);
            for (String ddl : p.writerDdl()) {
                s.execute(ddl);
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + p.table()
                    + " (symbol, id, time, price, qty, buyer_maker, rev) VALUES ('BTCUSDT', ?, ?, 97000.5, 0.002, ?, ?)")) {
                for (long id = firstId; id < firstId + n; id++) {
                    ps.setLong(1, id);
                    ps.setLong(2, p.dayStart() + id * 10);
                    ps.setInt(3, (int) (id % 2));
                    ps.setLong(4, rev);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            stampCatalog(c, p, rev);
            c.commit();
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** Liquidation events and the stream's connected range, one rev, the way the collector's writer does. */
    static void writeLiquidations(Connection c, TradePartition p, int n, long coveredTo) throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            long rev = bump(s, c);
            for (String ddl : p.ddl()) {
                s.execute(ddl);
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + p.table()
                    + " (symbol, time, long_side, price, qty, rev) VALUES ('BTCUSDT', ?, ?, 97000.5, 0.25, ?)")) {
                for (int i = 0; i < n; i++) {
                    ps.setLong(1, p.dayStart() + i * 1000L);
                    ps.setInt(2, i % 2);
                    ps.setLong(3, rev);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            stampCatalog(c, p, rev);
            s.execute("INSERT INTO liquidation_coverage (exchange, symbol, from_time, to_time, rev) VALUES ('" + p.exchange()
                    + "', 'BTCUSDT', " + p.dayStart() + ", " + coveredTo + ", " + rev + ") ON CONFLICT(exchange, symbol, from_time)"
                    + " DO UPDATE SET to_time = excluded.to_time, rev = excluded.rev");
            c.commit();
        } finally {
            c.setAutoCommit(true);
        }
    }

    static void stampCatalog(Connection c, TradePartition p, long rev) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO cf_partitions (name, exchange, day, dropped, rev)"
                + " VALUES (?, ?, ?, 0, ?) ON CONFLICT(name) DO UPDATE SET rev = excluded.rev")) {
            ps.setString(1, p.table());
            ps.setString(2, p.exchange());
            ps.setLong(3, p.dayStart());
            ps.setLong(4, rev);
            ps.executeUpdate();
        }
    }

    static void dropPartition(Connection c, TradePartition p) throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            long rev = bump(s, c);
            s.execute("DROP TABLE " + p.table());
            s.execute("UPDATE cf_partitions SET dropped = 1, rev = " + rev + " WHERE name = '" + p.table() + "'");
            c.commit();
        } finally {
            c.setAutoCommit(true);
        }
    }

    static long bump(Statement s, Connection c) throws SQLException {
        s.execute("UPDATE cf_state SET rev = rev + 1, committed_at = " + System.currentTimeMillis() + " WHERE id = 1");
        try (var rs = s.executeQuery("SELECT rev FROM cf_state WHERE id = 1")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
