package io.cryptoflow.replicator.db;

import io.cryptoflow.common.ReplicaSchema;
import io.cryptoflow.common.TradeSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The statements of one incremental step, run on the api.db connection with collector.db
 * ATTACHed as {@code src}, inside the caller's transaction: tombstoned rows are deleted, rows
 * stamped {@code rev > position} are upserted on their unique key (keeping collector's id), and
 * cf_state follows. Column lists come from {@code PRAGMA table_info} of the closed set of tables.
 */
public final class ChangeApplier {

    /** What one step changed. */
    public record Applied(long rows, long tombstones) {
    }

    /** A tombstone naming a table outside the closed set: the chain cannot be followed. */
    public static final class UnknownTableException extends SQLException {
        public UnknownTableException(String table) {
            super("tombstone names table '" + table + "', which the replicator does not know");
        }
    }

    private static final String COPY_STATE = """
            UPDATE main.cf_state SET
              rev = (SELECT rev FROM src.cf_state WHERE id = 1),
              committed_at = (SELECT committed_at FROM src.cf_state WHERE id = 1),
              busy_events = (SELECT busy_events FROM src.cf_state WHERE id = 1)
            WHERE id = 1""";

    /** Prepared once per connection and schema: an apply runs every few milliseconds. */
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private Connection preparedOn;
    /** Partitions this connection created or found in api.db; see {@link PartitionApplier}. */
    private final Set<String> partitions = new HashSet<>();

    /** Forgets cached statements; call after any schema change or snapshot. */
    public void reset() {
        for (PreparedStatement ps : statements.values()) {
            try {
                ps.close();
            } catch (SQLException ignored) {
                // the connection may be gone already; nothing else holds the statement
            }
        }
        statements.clear();
        preparedOn = null;
        partitions.clear();
    }

    /** After a rollback: a partition created in the undone transaction does not exist. */
    public void forgetPartitions() {
        partitions.clear();
    }

    public Applied apply(Connection c, long position) throws SQLException {
        if (c != preparedOn) {
            reset();
            preparedOn = c;
        }
        long tombstones = applyTombstones(c, position);
        long rows = PartitionApplier.apply(c, position, partitions);
        for (ReplicatedTable t : ReplicatedTable.revisioned()) {
            PreparedStatement ps = statement(c, t.name(), () -> upsertSql(c, t));
            ps.setLong(1, position);
            rows += ps.executeUpdate();
        }
        statement(c, "cf_state", () -> COPY_STATE).executeUpdate();
        return new Applied(rows, tombstones);
    }

    private interface SqlSource {
        String sql() throws SQLException;
    }

    private PreparedStatement statement(Connection c, String key, SqlSource sql) throws SQLException {
        PreparedStatement ps = statements.get(key);
        if (ps == null) {
            ps = c.prepareStatement(sql.sql());
            statements.put(key, ps);
        }
        return ps;
    }

    private long applyTombstones(Connection c, long position) throws SQLException {
        record Tombstone(String tbl, String symbol, long time) {
        }
        List<Tombstone> tombstones = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT tbl, symbol, time FROM src.cf_tombstones WHERE rev > ? ORDER BY rev")) {
            ps.setLong(1, position);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tombstones.add(new Tombstone(rs.getString(1), rs.getString(2), rs.getLong(3)));
                }
            }
        }
        for (Tombstone t : tombstones) {
            Optional<ReplicatedTable> table = ReplicatedTable.byName(t.tbl());
            if (table.isEmpty()) {
                throw new UnknownTableException(t.tbl());
            }
            try (PreparedStatement ps = c.prepareStatement(table.get().tombstoneDelete())) {
                ps.setString(1, t.symbol());
                ps.setLong(2, t.time());
                ps.executeUpdate();
            }
        }
        if (!tombstones.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO main.cf_tombstones SELECT * FROM src.cf_tombstones WHERE rev > ?")) {
                ps.setLong(1, position);
                ps.executeUpdate();
            }
        }
        return tombstones.size();
    }

    private static String upsertSql(Connection c, ReplicatedTable t) throws SQLException {
        List<String> columns = columns(c, t.name());
        List<String> keys = List.of(t.key().split(",\\s*"));
        String cols = String.join(", ", columns);
        List<String> sets = new ArrayList<>();
        for (String col : columns) {
            if (!keys.contains(col)) {
                sets.add(col + " = excluded." + col);
            }
        }
        // WHERE in the SELECT is required: it disambiguates ON CONFLICT from a join constraint.
        return "INSERT INTO main.%s (%s) SELECT %s FROM src.%s WHERE rev > ? ON CONFLICT(%s) DO UPDATE SET %s"
                .formatted(t.name(), cols, cols, t.name(), t.key(), String.join(", ", sets));
    }

    /** The table's columns in api.db; they must match collector.db's, which the schema comparison ensures. */
    private static List<String> columns(Connection c, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA main.table_info(" + table + ")")) {
            while (rs.next()) {
                columns.add(rs.getString("name"));
            }
        }
        if (columns.isEmpty()) {
            throw new SQLException("api.db has no table " + table);
        }
        return columns;
    }

    /** Follows the collector's tombstone retention, so api.db's copy does not grow without bound. */
    public static void pruneTombstones(Connection c, long throughRev) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM main.cf_tombstones WHERE rev <= ?")) {
            ps.setLong(1, throughRev);
            ps.executeUpdate();
        }
    }

    public static boolean hasColumn(Connection c, String schema, String table, String column) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA " + schema + ".table_info(" + table + ")")) {
            while (rs.next()) {
                if (column.equals(rs.getString("name"))) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * The schema SQL (tables and indexes, without replicator and Litestream bookkeeping) of one side.
     * Partitions (raw trades, liquidation events) are left out: they come and go with the data ({@code PartitionApplier}),
     * built from one shared DDL, and {@link ConsistencyChecker} compares which exist.
     */
    public static String schemaSql(Connection c, String schema) throws SQLException {
        StringBuilder sb = new StringBuilder();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT type, name, coalesce(sql, '') FROM %s.sqlite_master
                WHERE name NOT LIKE 'sqlite_%%' AND name NOT LIKE '\\_litestream%%' ESCAPE '\\'
                  AND name NOT IN ('%s', '%s') AND NOT %s
                ORDER BY type, name""".formatted(schema, ReplicaSchema.TABLE, ReplicaSchema.CHECK_TABLE,
                PartitionGlobs.matching("tbl_name")))) {
            while (rs.next()) {
                sb.append(rs.getString(1)).append(' ').append(rs.getString(2)).append(": ").append(rs.getString(3)).append('\n');
            }
        }
        return sb.toString();
    }

    public static long pragma(Connection c, String schema, String pragma) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + schema + "." + pragma)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
