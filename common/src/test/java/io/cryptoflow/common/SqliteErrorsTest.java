package io.cryptoflow.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteErrorsTest {

    @TempDir
    Path dir;

    @Test
    void aWriteLockHeldByAnotherConnectionIsBusyNotAStorageFailure() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("busy.db");
        try (Connection holder = DriverManager.getConnection(url); Connection other = DriverManager.getConnection(url);
                Statement h = holder.createStatement(); Statement o = other.createStatement()) {
            h.execute("CREATE TABLE t(x)");
            o.execute("PRAGMA busy_timeout = 0");
            h.execute("BEGIN IMMEDIATE");
            SQLException e = catchThrowableOfType(SQLException.class, () -> o.execute("INSERT INTO t VALUES (1)"));
            h.execute("ROLLBACK");

            assertThat(SqliteErrors.isBusyOrLocked(e)).isTrue();
            assertThat(SqliteErrors.isStorageFailure(e)).isFalse();
            assertThat(SqliteErrors.isBusyOrLocked(new SQLException("wrapper", e))).as("found through causes").isTrue();
        }
    }

    @Test
    void aConstraintViolationIsNeither() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("c.db")); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t(x NOT NULL)");
            SQLException e = catchThrowableOfType(SQLException.class, () -> s.execute("INSERT INTO t VALUES (NULL)"));

            assertThat(SqliteErrors.isBusyOrLocked(e)).isFalse();
            assertThat(SqliteErrors.isStorageFailure(e)).isFalse();
        }
    }
}
