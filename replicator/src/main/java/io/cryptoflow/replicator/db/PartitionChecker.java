package io.cryptoflow.replicator.db;

import io.cryptoflow.common.TradePartition;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The partition part of a consistency check (every {@code common/PartitionKind}), in the caller's transaction: both sides hold the same
 * partition tables, and each partition the same rows — its newest {@code windowRows} by {@code seq}
 * in the periodic check (bounded cost), every row in the full one.
 */
final class PartitionChecker {

    /** What the check compared and found. */
    record Result(long rows, List<String> mismatches) {
    }

    private PartitionChecker() {
    }

    static Result compare(Connection c, long windowRows, boolean full) throws SQLException {
        List<String> mismatches = new ArrayList<>();
        List<String> main = partitions(c, "main");
        List<String> src = partitions(c, SourceAttachment.SCHEMA);
        if (!main.equals(src)) {
            mismatches.add("partitions differ: api.db " + main + ", collector.db " + src);
            return new Result(0, mismatches);
        }
        long rows = 0;
        for (String t : src) {
            long from = full ? 0 : Math.max(0, maxSeq(c, t) - Math.max(1, windowRows));
            String sql = "SELECT * FROM %s." + t + " WHERE seq > ? ORDER BY seq";
            ConsistencyChecker.Digest m = ConsistencyChecker.digest(c, sql.formatted("main"), false, from);
            ConsistencyChecker.Digest s = ConsistencyChecker.digest(c, sql.formatted(SourceAttachment.SCHEMA), false, from);
            rows += s.rows();
            if (!m.equals(s)) {
                mismatches.add("%s: content differs over seq > %d (api.db %d rows, collector.db %d rows)"
                        .formatted(t, from, m.rows(), s.rows()));
            }
        }
        return new Result(rows, mismatches);
    }

    private static long maxSeq(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT coalesce(max(seq), 0) FROM " + SourceAttachment.SCHEMA + "." + table)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** The partition tables of one side, by name; anything not matching the closed pattern is left out. */
    private static List<String> partitions(Connection c, String schema) throws SQLException {
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
