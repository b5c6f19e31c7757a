package io.cryptoflow.api.db;

import io.cryptoflow.common.SqliteConnections;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@link CandleDao#REPLICA_STAMP} on one read-only connection and one prepared statement kept open
 * for it, outside the pool and outside Jdbi. Through Jdbi each reading opened a handle, and a handle
 * copies Jdbi's whole configuration: with one connection reading a hot page that was 30 % of the
 * API's allocation (a young collection every ~180 ms, whose 2-4 ms pauses were the p99;
 * docs/benchmarks.md, "one connection's tail"). Here a reading is one step of one statement in
 * autocommit: its read transaction ends with the result set, so the kept connection never holds
 * back a checkpoint.
 *
 * <p>Callers take turns ({@link io.cryptoflow.api.core.RecentReplicaStamp} already lets one request
 * read while the others use the previous reading). Any failure closes the connection; the next
 * reading opens it again.
 */
final class ReplicaStampStatement implements AutoCloseable {

    /** Thrown when cf_replica cannot be read (file unreadable, table missing); the connection was closed. */
    static final class Unreadable extends Exception {
        Unreadable(SQLException cause) {
            super(cause);
        }

        boolean tableMissing() {
            return String.valueOf(getCause().getMessage()).contains("no such table");
        }
    }

    private final Path file;
    private final ReentrantLock turn = new ReentrantLock();
    private Connection connection;
    private PreparedStatement statement;

    ReplicaStampStatement(Path file) {
        this.file = file;
    }

    /** {@code source_rev:applied_at}, or null when cf_replica has no row. */
    String read() throws Unreadable {
        turn.lock();
        try {
            if (statement == null) {
                connection = SqliteConnections.openReadOnly(file);
                statement = connection.prepareStatement(CandleDao.REPLICA_STAMP);
            }
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        } catch (SQLException e) {
            closeNow();
            throw new Unreadable(e);
        } finally {
            turn.unlock();
        }
    }

    /** Closes the connection (api.db replaced by another file, the pool purged); the next reading reopens. */
    @Override
    public void close() {
        turn.lock();
        try {
            closeNow();
        } finally {
            turn.unlock();
        }
    }

    private void closeNow() {
        try {
            if (connection != null) {
                connection.close(); // closes the statement with it
            }
        } catch (SQLException ignored) {
            // nothing to keep: the next reading opens a new connection
        } finally {
            connection = null;
            statement = null;
        }
    }
}
