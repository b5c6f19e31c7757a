package io.cryptoflow.bench.db;

import io.cryptoflow.common.SqliteConnections;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Bytes a table takes on disk, its indexes included, read from SQLite's {@code dbstat} virtual table
 * (pages × page size of every b-tree whose table is the given one) and its row count.
 */
public final class StorageFootprint {

    /** A table's (or a set of tables') rows and bytes on disk, indexes included. */
    public record Usage(long rows, long bytes) {
        public double bytesPerRow() {
            return rows == 0 ? Double.NaN : (double) bytes / rows;
        }
    }

    private StorageFootprint() {
    }

    /**
     * Rows and bytes of the tables whose names match SQLite GLOB {@code tableGlob} (a closed set of
     * names written by the caller, e.g. {@code candles_1} or {@code liquidations_*}).
     */
    public static Usage of(Path db, String tableGlob) throws SQLException {
        try (Connection c = SqliteConnections.openReadOnly(db)) {
            long bytes = 0;
            try (PreparedStatement s = c.prepareStatement("""
                    SELECT coalesce(sum(d.pgsize), 0) FROM dbstat d JOIN sqlite_master m ON m.name = d.name
                    WHERE m.tbl_name GLOB ?""")) {
                s.setString(1, tableGlob);
                try (ResultSet rs = s.executeQuery()) {
                    bytes = rs.next() ? rs.getLong(1) : 0;
                }
            }
            long rows = 0;
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name GLOB ?")) {
                s.setString(1, tableGlob);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        // the name comes from sqlite_master, matched by the caller's closed glob
                        try (Statement st = c.createStatement();
                             ResultSet count = st.executeQuery("SELECT count(*) FROM \"" + rs.getString(1) + "\"")) {
                            rows += count.next() ? count.getLong(1) : 0;
                        }
                    }
                }
            }
            return new Usage(rows, bytes);
        }
    }
}
