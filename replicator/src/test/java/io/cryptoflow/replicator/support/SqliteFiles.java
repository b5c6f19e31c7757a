package io.cryptoflow.replicator.support;

import io.cryptoflow.common.SqliteConnections;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Small read-only probes on database files for assertions. */
public final class SqliteFiles {

    private SqliteFiles() {
    }

    public static long walSize(Path db) throws IOException {
        Path wal = db.resolveSibling(db.getFileName() + "-wal");
        return Files.exists(wal) ? Files.size(wal) : 0;
    }

    public static String integrityCheck(Path db) throws SQLException {
        return queryString(db, "PRAGMA integrity_check");
    }

    public static long queryLong(Path db, String sql) throws SQLException {
        try (Connection c = SqliteConnections.openReadOnly(db); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public static String queryString(Path db, String sql) throws SQLException {
        try (Connection c = SqliteConnections.openReadOnly(db); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
