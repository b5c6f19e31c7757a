package io.cryptoflow.replicator.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoflow.common.PartitionKind;
import io.cryptoflow.common.TradePartition;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 22's heatmap tables on real files: both depth tiers ({@code depth_*}, {@code depthm_*}) and
 * {@code depth_coverage} follow the partition replay (no snapshot after the bootstrap), the check
 * and the whole-table drop, with the blobs copied byte for byte.
 */
class DepthReplicationTest {

    private static final LocalDate DAY = LocalDate.of(2026, 12, 1);

    @TempDir
    Path dir;

    @Test
    void bothTiersAndCoverageReplicateIncrementallyAndDropWhole() throws Exception {
        Path api = dir.resolve("api.db");
        TradePartition fine = new TradePartition(PartitionKind.DEPTH, "BINANCE", DAY);
        TradePartition minute = new TradePartition(PartitionKind.DEPTH_MINUTE, "BINANCE", DAY);
        ReplicationSettings settings = ReplicationSettings.defaults(dir.resolve("collector.db"), api, ReplicationStrategy.INCREMENTAL)
                .withIntervals(Duration.ofSeconds(1), Duration.ofMillis(10))
                .withConsistencyCheck(Duration.ofDays(1), 1000);
        try (CollectorFixture collector = new CollectorFixture(dir.resolve("collector.db"), 5, 2);
                Harness h = new Harness(settings)) {
            collector.commitBatch();
            h.loop.tick();
            Connection c = collector.connection();
            writeSnapshots(c, fine, 30, 1000, fine.dayStart() + 30_000);
            writeSnapshots(c, minute, 2, 60_000, fine.dayStart() + 30_000);
            h.loop.tick();
            writeSnapshots(c, fine, 10, 1000, fine.dayStart() + 40_000);
            h.loop.tick();

            assertThat(h.metrics.snapshots.getCount()).as("depth days are no schema change").isEqualTo(1);
            assertThat(SqliteFiles.queryLong(api, "SELECT count(*) FROM " + fine.table())).isEqualTo(40);
            assertThat(SqliteFiles.queryLong(api, "SELECT count(*) FROM " + minute.table())).isEqualTo(2);
            assertThat(SqliteFiles.queryLong(api, "SELECT sum(length(bids)) FROM " + fine.table())).isEqualTo(40 * 12);
            assertThat(SqliteFiles.queryLong(api, "SELECT to_time FROM depth_coverage")).isEqualTo(fine.dayStart() + 40_000);
            assertThat(h.replication.verify().mismatches()).isEmpty();

            PartitionReplicationTest.dropPartition(c, fine);
            h.loop.tick();
            assertThat(SqliteFiles.queryLong(api, "SELECT count(*) FROM sqlite_master WHERE name LIKE 'depth\\_%' ESCAPE '\\'"
                    + " AND name NOT LIKE 'depth_coverage%'")).isZero();
            assertThat(SqliteFiles.queryLong(api, "SELECT count(*) FROM " + minute.table())).isEqualTo(2);
            assertThat(SqliteFiles.queryLong(api, "SELECT count(*) FROM cf_tombstones")).isZero();
            assertThat(h.replication.verify().mismatches()).isEmpty();
        }
    }

    /** {@code n} snapshots {@code everyMs} apart after the last one, and the coverage extended, in one rev. */
    private static void writeSnapshots(Connection c, TradePartition p, int n, long everyMs, long coveredTo) throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            long rev = PartitionReplicationTest.bump(s, c);
            for (String ddl : p.ddl()) {
                s.execute(ddl);
            }
            long first;
            try (var rs = s.executeQuery("SELECT coalesce(max(time) + " + everyMs + ", " + p.dayStart() + ") FROM " + p.table())) {
                first = rs.getLong(1);
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + p.table()
                    + " (symbol, time, step, bid_bin, ask_bin, bids, asks, samples, rev) VALUES ('BTCUSDT', ?, 0.5, 194000, 194001, ?, ?, 1, ?)")) {
                for (int i = 0; i < n; i++) {
                    ps.setLong(1, first + i * everyMs);
                    ps.setBytes(2, new byte[] {0, 0, (byte) 0x80, 0x3f, 0, 0, 0, 0x40, 0, 0, (byte) 0x80, 0x40});
                    ps.setBytes(3, new byte[] {0, 0, 0, 0x3f});
                    ps.setLong(4, rev);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            PartitionReplicationTest.stampCatalog(c, p, rev);
            s.execute("INSERT INTO depth_coverage (exchange, symbol, from_time, to_time, rev) VALUES ('" + p.exchange()
                    + "', 'BTCUSDT', " + p.dayStart() + ", " + coveredTo + ", " + rev + ") ON CONFLICT(exchange, symbol, from_time)"
                    + " DO UPDATE SET to_time = excluded.to_time, rev = excluded.rev");
            c.commit();
        } finally {
            c.setAutoCommit(true);
        }
    }
}
