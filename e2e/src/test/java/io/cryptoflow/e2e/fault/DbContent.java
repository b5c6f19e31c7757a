package io.cryptoflow.e2e.fault;

import io.cryptoflow.common.SqliteConnections;
import io.cryptoflow.common.Timeframe;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every candle row of a database file, read read-only at one committed state, plus checks on the file. */
public record DbContent(long stateRev, Map<Key, Row> rows) {

    public record Key(Timeframe timeframe, String symbol, long time) {
    }

    /** The stored values that must survive: everything but {@code id}. */
    public record Row(List<Object> values, boolean closed, long rev) {
    }

    private static final String COLUMNS = "open, high, low, close, volume, buy_volume, sell_volume, delta, trade_count,"
            + " clusters, closed, rev";

    public static DbContent read(Path file) throws SQLException {
        try (Connection c = SqliteConnections.openReadOnly(file)) {
            c.setAutoCommit(false); // one read transaction: all tables at the same revision
            try (Statement s = c.createStatement()) {
                long rev;
                try (ResultSet rs = s.executeQuery("SELECT rev FROM cf_state WHERE id = 1")) {
                    rev = rs.next() ? rs.getLong(1) : -1;
                }
                Map<Key, Row> rows = new LinkedHashMap<>();
                for (Timeframe tf : Timeframe.values()) {
                    try (ResultSet rs = s.executeQuery("SELECT symbol, time, " + COLUMNS + " FROM " + tf.table()
                            + " ORDER BY symbol, time")) {
                        while (rs.next()) {
                            List<Object> values = new ArrayList<>();
                            for (int i = 3; i <= 14; i++) {
                                values.add(rs.getObject(i));
                            }
                            rows.put(new Key(tf, rs.getString(1), rs.getLong(2)),
                                    new Row(values, rs.getInt(13) == 1, rs.getLong(14)));
                        }
                    }
                }
                c.commit();
                return new DbContent(rev, rows);
            }
        }
    }

    /** {@code PRAGMA integrity_check} answers; a healthy file answers exactly ["ok"]. */
    public static List<String> integrityCheck(Path file) throws SQLException {
        try (Connection c = SqliteConnections.openReadOnly(file);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    /** Rows whose (symbol, time) appear more than once in any candle table (the UNIQUE index must prevent it). */
    public static long duplicateKeys(Path file) throws SQLException {
        long dups = 0;
        try (Connection c = SqliteConnections.openReadOnly(file); Statement s = c.createStatement()) {
            for (Timeframe tf : Timeframe.values()) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM (SELECT symbol, time FROM " + tf.table()
                        + " GROUP BY symbol, time HAVING count(*) > 1)")) {
                    dups += rs.next() ? rs.getLong(1) : 0;
                }
            }
        }
        return dups;
    }

    /** {@code cf_replica.source_rev} of an api.db, or -1 before the first copy. */
    public static long replicaSourceRev(Path apiDb) {
        try (Connection c = SqliteConnections.openReadOnly(apiDb);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT source_rev FROM cf_replica WHERE id = 1")) {
            return rs.next() ? rs.getLong(1) : -1;
        } catch (SQLException e) {
            return -1;
        }
    }
}
