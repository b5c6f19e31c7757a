package io.cryptoflow.bench.db;

import io.cryptoflow.common.SqliteConnections;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** A consistent copy of a database another process may still be writing ({@code VACUUM INTO}). */
public final class DbCopy {

    private DbCopy() {
    }

    /** Copies {@code source} to {@code target} (replaced when present), read-only on the source. */
    public static Path vacuumInto(Path source, Path target) throws SQLException, java.io.IOException {
        Files.createDirectories(target.getParent());
        Files.deleteIfExists(target);
        try (Connection c = SqliteConnections.openReadOnly(source);
             PreparedStatement s = c.prepareStatement("VACUUM INTO ?")) {
            s.setString(1, target.toString());
            s.execute();
        }
        return target;
    }
}
