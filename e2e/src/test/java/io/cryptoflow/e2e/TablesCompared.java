package io.cryptoflow.e2e;

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
 * api.db against collector.db after a stop, table by table: every row (all columns) of each
 * replicated table in both directions, and the revision each names. Empty = equal.
 */
final class TablesCompared {

    static final List<String> TABLES = List.of("candles_15", "candles_60", "candles_240", "candles_1440", "sessions");

    private TablesCompared() {
    }

    /** Table → "N rows only in collector.db, M only in api.db"; plus "rev" when the revisions differ. */
    static Map<String, String> differences(Path collectorDb, Path apiDb) throws SQLException {
        Map<String, String> diff = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + collectorDb + "?mode=ro");
             Statement s = c.createStatement()) {
            s.execute("ATTACH DATABASE 'file:" + apiDb.toString().replace("'", "''") + "?mode=ro' AS api");
            for (String t : TABLES) {
                long onlyCollector = count(s, "SELECT count(*) FROM (SELECT * FROM main.%s EXCEPT SELECT * FROM api.%s)".formatted(t, t));
                long onlyApi = count(s, "SELECT count(*) FROM (SELECT * FROM api.%s EXCEPT SELECT * FROM main.%s)".formatted(t, t));
                if (onlyCollector + onlyApi > 0) {
                    diff.put(t, onlyCollector + " rows only in collector.db, " + onlyApi + " only in api.db");
                }
            }
            long collectorRev = count(s, "SELECT rev FROM main.cf_state WHERE id = 1");
            long apiRev = count(s, "SELECT rev FROM api.cf_state WHERE id = 1");
            if (collectorRev != apiRev) {
                diff.put("rev", "collector.db at " + collectorRev + ", api.db at " + apiRev);
            }
        }
        return diff;
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }
}
