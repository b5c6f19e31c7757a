package io.cryptoflow.common;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.sqlite.SQLiteConfig;

/**
 * The three ways CryptoFlow opens SQLite. Pragmas are passed as driver properties because
 * sqlite-jdbc runs only the first statement of a multi-statement init SQL.
 */
public final class SqliteConnections {

    public static final int BUSY_TIMEOUT_MS = 5000;

    private SqliteConnections() {
    }

    public static String url(Path file) {
        return "jdbc:sqlite:" + file.toAbsolutePath();
    }

    /** The collector's single write connection: WAL, synchronous=NORMAL, IMMEDIATE transactions. */
    public static SQLiteConfig writerConfig() {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        return config;
    }

    /** A connection that can never write, for the API and for reading collector.db. */
    public static SQLiteConfig readOnlyConfig() {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        return config;
    }

    public static Connection openWriter(Path file) throws SQLException {
        return writerConfig().createConnection(url(file));
    }

    public static Connection openReadOnly(Path file) throws SQLException {
        return readOnlyConfig().createConnection(url(file));
    }
}
