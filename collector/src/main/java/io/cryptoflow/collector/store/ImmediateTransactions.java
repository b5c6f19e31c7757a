package io.cryptoflow.collector.store;

import java.sql.SQLException;
import java.sql.Statement;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.transaction.TransactionException;
import org.jdbi.v3.core.transaction.TransactionHandler;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jdbi transactions for the writer connection as explicit {@code BEGIN IMMEDIATE} / {@code COMMIT} /
 * {@code ROLLBACK} statements while JDBC autocommit stays on. Jdbi's default handler switches
 * autocommit off, and sqlite-jdbc's manual-commit mode re-opens a transaction right after each
 * commit, which in IMMEDIATE mode would hold the write lock between batches and starve Litestream.
 * One instance per handle ({@link #specialize}); the writer has exactly one handle.
 */
final class ImmediateTransactions implements TransactionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ImmediateTransactions.class);

    private boolean open;

    @Override
    public TransactionHandler specialize(Handle handle) {
        return new ImmediateTransactions();
    }

    @Override
    public void begin(Handle handle) {
        exec(handle, "BEGIN IMMEDIATE");
        open = true;
    }

    @Override
    public void commit(Handle handle) {
        exec(handle, "COMMIT");
        open = false;
    }

    /** Quiet when nothing is open: SQLite may already have rolled back (or BEGIN itself failed). */
    @Override
    public void rollback(Handle handle) {
        open = false;
        try (Statement s = handle.getConnection().createStatement()) {
            s.execute("ROLLBACK");
        } catch (SQLException e) {
            LOG.debug("rollback: {}", e.getMessage());
        }
    }

    @Override
    public boolean isInTransaction(Handle handle) {
        return open;
    }

    @Override
    public <R, X extends Exception> R inTransaction(Handle handle, HandleCallback<R, X> callback) throws X {
        if (open) {
            return callback.withHandle(handle);
        }
        begin(handle);
        try {
            R result = callback.withHandle(handle);
            // The callback may have rolled back itself (a batch that changed nothing).
            if (open) {
                commit(handle);
            }
            return result;
        } catch (Throwable t) {
            rollback(handle);
            throw t;
        }
    }

    @Override
    public <R, X extends Exception> R inTransaction(Handle handle, TransactionIsolationLevel level,
                                                    HandleCallback<R, X> callback) throws X {
        return inTransaction(handle, callback);
    }

    @Override
    public void savepoint(Handle handle, String name) {
        throw new UnsupportedOperationException("the writer uses no savepoints");
    }

    @Override
    public void rollbackToSavepoint(Handle handle, String name) {
        throw new UnsupportedOperationException("the writer uses no savepoints");
    }

    @Override
    public void releaseSavepoint(Handle handle, String name) {
        throw new UnsupportedOperationException("the writer uses no savepoints");
    }

    private static void exec(Handle handle, String sql) {
        try (Statement s = handle.getConnection().createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new TransactionException(sql + " failed: " + e.getMessage(), e);
        }
    }
}
