package io.cryptoflow.collector.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * One statement run for every row of a batch through plain JDBC on the writer's handle (so inside its
 * transaction): the rows written by the thousand during a backfill (candles, trades). Jdbi's batch
 * binding, by method name ({@code @BindMethods}) or by position ({@code PreparedBatch.bind(int, …)},
 * a sorted map per row), took more of the writer thread than SQLite's own steps (JFR,
 * docs/benchmarks.md "CPU per backfilled day"). The SQL is a DAO's; a failure is Jdbi's exception
 * with the SQLException as its cause, as a Jdbi statement's would be.
 */
final class JdbcBatch {

    /** Sets one row's parameters (from 1). */
    interface Binder<T> {
        void bind(PreparedStatement statement, T row) throws SQLException;
    }

    private JdbcBatch() {
    }

    /** @return the rows each row changed, as {@code @SqlBatch} returns them */
    static <T> int[] execute(Handle handle, String sql, List<T> rows, Binder<T> binder) {
        try (PreparedStatement statement = handle.getConnection().prepareStatement(sql)) {
            for (T row : rows) {
                binder.bind(statement, row);
                statement.addBatch();
            }
            return statement.executeBatch();
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException(e.getMessage() + " [" + sql + "]", e, null);
        }
    }
}
