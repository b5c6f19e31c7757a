package io.cryptoflow.replicator.db;

import io.cryptoflow.common.TradePartition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The partition part of a consistency check (every {@code common/PartitionKind}), in the caller's transaction: both sides hold the same
 * partition tables ({@link #compareLists}), and each partition the same rows ({@link #comparePartition}).
 */
final class PartitionChecker {

    /** The unit comparing which partitions exist on each side (see {@code ConsistencyChecker#units}). */
    static final String LISTS = "partition lists";

    private PartitionChecker() {
    }

    /** Both sides hold the same partition tables; returns 0 (rows compared). */
    static long compareLists(Connection c, List<String> mismatches) throws SQLException {
        List<String> main = partitions(c, "main");
        List<String> src = partitions(c, SourceAttachment.SCHEMA);
        if (!main.equals(src)) {
            mismatches.add("partitions differ: api.db " + main + ", collector.db " + src);
        }
        return 0;
    }

    /**
     * One partition holds the same rows on both sides: its newest {@code windowRows} by {@code seq}, or
     * every row in the full check. {@code t} is a name {@link #partitions} listed; one expired since
     * (gone from either side) is skipped: {@link #compareLists} notices one missing on one side only.
     */
    static long comparePartition(Connection c, String t, long windowRows, boolean full, List<String> mismatches)
            throws SQLException {
        if (!exists(c, SourceAttachment.SCHEMA, t) || !exists(c, "main", t)) {
            return 0;
        }
        long from = full ? 0 : Math.max(0, maxSeq(c, t) - Math.max(1, windowRows));
        String sql = "SELECT * FROM %s." + t + " WHERE seq > ? ORDER BY seq";
        ConsistencyChecker.Digest m = ConsistencyChecker.digest(c, sql.formatted("main"), false, from);
        ConsistencyChecker.Digest s = ConsistencyChecker.digest(c, sql.formatted(SourceAttachment.SCHEMA), false, from);
        if (!m.equals(s)) {
            mismatches.add("%s: content differs over seq > %d (api.db %d rows, collector.db %d rows)"
                    .formatted(t, from, m.rows(), s.rows()));
        }
        return s.rows();
    }

    private static boolean exists(Connection c, String schema, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM " + schema + ".sqlite_master WHERE type = 'table' AND name = ?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static long maxSeq(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT coalesce(max(seq), 0) FROM " + SourceAttachment.SCHEMA + "." + table)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** The partition tables of one side, by name; anything not matching the closed pattern is left out. */
    static List<String> partitions(Connection c, String schema) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT name FROM " + schema + ".sqlite_master WHERE type = 'table' AND " + PartitionGlobs.matching("name")
                        + " ORDER BY name")) {
            while (rs.next()) {
                TradePartition.parse(rs.getString(1)).ifPresent(p -> names.add(p.table()));
            }
        }
        return names;
    }
}
