package io.cryptoflow.replicator.db;

import io.cryptoflow.common.TradePartition;
import io.cryptoflow.common.TradeSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Replays the partitions of every {@code common/PartitionKind} (raw trades, liquidation events) inside the apply transaction: every
 * partition whose {@code cf_partitions} row has {@code rev > position} is created in api.db from the
 * shared DDL of its kind and gets the rows with {@code seq} above its copy's highest (partitions are insert-only,
 * seq is commit order), or, marked dropped, is dropped whole. No tombstone is involved. The catalog
 * rows themselves are copied like any revisioned table ({@link ReplicatedTable#PARTITIONS}).
 */
final class PartitionApplier {

    private PartitionApplier() {
    }

    /**
     * After a snapshot (a copy of collector.db): drops the indexes only the writer needs
     * ({@code PartitionKind#writerIndexDdl}, the deduplication by trade id) from api.db's partitions,
     * so the applies after it do not keep them up. Index names come from the closed partition pattern.
     *
     * @return the indexes dropped
     */
    static int dropWriterIndexes(Connection c) throws SQLException {
        List<String> indexes = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT tbl_name, name FROM main.sqlite_master WHERE type = 'index' AND " + PartitionGlobs.matching("tbl_name"))) {
            while (rs.next()) {
                String index = rs.getString(2);
                TradePartition.parse(rs.getString(1))
                        .filter(p -> p.writerIndexNames().contains(index))
                        .ifPresent(p -> indexes.add(index));
            }
        }
        try (Statement s = c.createStatement()) {
            for (String index : indexes) {
                s.execute("DROP INDEX IF EXISTS main." + index);
            }
        }
        return indexes.size();
    }

    /**
     * @param created partitions known to exist in api.db (their DDL is not run again: parsing it
     *                is a good share of a small apply); the caller forgets them after a rollback
     * @return the partition rows copied (trades and liquidation events)
     */
    static long apply(Connection c, long position, Set<String> created) throws SQLException {
        record Changed(TradePartition partition, boolean dropped) {
        }
        List<Changed> changed = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT name, dropped FROM src." + TradeSchema.CATALOG_TABLE + " WHERE rev > ? ORDER BY rev")) {
            ps.setLong(1, position);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    TradePartition p = TradePartition.parse(name)
                            .orElseThrow(() -> new ChangeApplier.UnknownTableException(name));
                    changed.add(new Changed(p, rs.getInt(2) == 1));
                }
            }
        }
        long rows = 0;
        try (Statement s = c.createStatement()) {
            for (Changed ch : changed) {
                String t = ch.partition().table();
                if (ch.dropped()) {
                    s.execute("DROP TABLE IF EXISTS main." + t);
                    created.remove(t);
                    continue;
                }
                if (created.add(t)) {
                    for (String ddl : ch.partition().ddl()) {
                        // "CREATE TABLE IF NOT EXISTS trades_..." (or liquidations_...) → in main; SQLite stores the text without the schema
                        s.execute(ddl.replaceFirst("IF NOT EXISTS ", "IF NOT EXISTS main."));
                    }
                }
                rows += s.executeUpdate("INSERT INTO main.%s SELECT * FROM src.%s WHERE seq > (SELECT coalesce(max(seq), 0) FROM main.%s)"
                        .formatted(t, t, t));
            }
        }
        return rows;
    }
}
