package io.cryptoflow.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A copy of collector.db taken out of a (stopped) container with {@code docker cp}, read with
 * sqlite-jdbc: its revision, commit time and row counts, and how it compares with another copy.
 */
record CollectorDbCopy(Path file, long rev, long committedAt, Map<String, Long> rows) {

    static final List<String> TABLES = List.of("candles_15", "candles_60", "candles_240", "candles_1440", "sessions");
    private static final List<String> CANDLE_TABLES = TABLES.subList(0, 4);

    /** Copies /data/collector.db (and its WAL, when there is one) out of a container into {@code dir}. */
    static CollectorDbCopy take(ComposeProject stack, String container, Path dir) throws Exception {
        Files.createDirectories(dir);
        stack.docker("cp", container + ":/data/collector.db", dir.resolve("collector.db").toString());
        // A WAL left by a stopped writer holds committed transactions: copy it beside the file.
        stack.dockerQuiet("cp", container + ":/data/collector.db-wal", dir.resolve("collector.db-wal").toString());
        return read(dir.resolve("collector.db"));
    }

    static CollectorDbCopy read(Path db) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            long rev;
            long committedAt;
            try (ResultSet rs = s.executeQuery("SELECT rev, committed_at FROM cf_state WHERE id = 1")) {
                rs.next();
                rev = rs.getLong(1);
                committedAt = rs.getLong(2);
            }
            Map<String, Long> rows = new LinkedHashMap<>();
            for (String t : TABLES) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + t)) {
                    rs.next();
                    rows.put(t, rs.getLong(1));
                }
            }
            try (ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
                rs.next();
                if (!"ok".equals(rs.getString(1))) {
                    throw new AssertionError(db + " fails PRAGMA integrity_check: " + rs.getString(1));
                }
            }
            return new CollectorDbCopy(db, rev, committedAt, rows);
        }
    }

    /**
     * Compares this copy (taken before the data was lost) with a restored one. Every candle row
     * this copy holds at a revision the restored copy reached must be there with the same
     * revision and values; rows written after it are "lost", and counted per table.
     */
    Map<String, long[]> compareWithRestored(CollectorDbCopy restored) throws SQLException {
        Map<String, long[]> result = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("ATTACH DATABASE '" + restored.file().toString().replace("'", "''") + "' AS restored");
            for (String t : CANDLE_TABLES) {
                long differing = single(s, """
                        SELECT count(*) FROM main.%s b LEFT JOIN restored.%s r ON r.symbol = b.symbol AND r.time = b.time
                        WHERE b.rev <= %d AND (r.rev IS NULL OR r.rev <> b.rev OR r.open <> b.open OR r.high <> b.high
                           OR r.low <> b.low OR r.close <> b.close OR r.volume <> b.volume OR r.buy_volume <> b.buy_volume
                           OR r.sell_volume <> b.sell_volume OR r.trade_count <> b.trade_count
                           OR r.clusters IS NOT b.clusters OR r.closed <> b.closed)""".formatted(t, t, restored.rev()));
                long newer = single(s, "SELECT count(*) FROM main.%s WHERE rev > %d".formatted(t, restored.rev()));
                result.put(t, new long[] {differing, newer});
            }
        }
        return result;
    }

    private static long single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public String toString() {
        return "rev " + rev + " committed at " + committedAt + ", rows " + rows;
    }
}
