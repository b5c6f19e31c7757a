package io.cryptoflow.replicator.db;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * ATTACHes collector.db read-only ({@code mode=ro} URI) to the api.db connection as schema
 * {@code src}, so one transaction reads a consistent collector snapshot and writes api.db.
 */
public final class SourceAttachment {

    public static final String SCHEMA = "src";

    private SourceAttachment() {
    }

    public static boolean isAttached(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA database_list")) {
            while (rs.next()) {
                if (SCHEMA.equals(rs.getString("name"))) {
                    return true;
                }
            }
            return false;
        }
    }

    public static void attach(Connection c, Path source) throws SQLException {
        if (isAttached(c)) {
            return;
        }
        String uri = source.toAbsolutePath().toUri() + "?mode=ro";
        try (PreparedStatement ps = c.prepareStatement("ATTACH DATABASE ? AS " + SCHEMA)) {
            ps.setString(1, uri);
            ps.execute();
        }
    }

    public static void detach(Connection c) throws SQLException {
        if (isAttached(c)) {
            try (Statement s = c.createStatement()) {
                s.execute("DETACH DATABASE " + SCHEMA);
            }
        }
    }
}
