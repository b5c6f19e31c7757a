package io.cryptoflow.collector.store;

import com.codahale.metrics.Counter;
import io.cryptoflow.common.CandleSchema;
import io.cryptoflow.common.NoDataSchema;
import io.cryptoflow.common.SqliteConnections;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.sqlite.BusyHandler;

/**
 * Opens collector.db's only write connection: schema, a busy handler that counts locks, and one
 * Jdbi handle with {@link ImmediateTransactions} for the writer's DAOs. Connection setup is the
 * one place of the collector that speaks raw JDBC.
 */
final class WriterConnection {

    private WriterConnection() {
    }

    static Handle open(Path dbFile, Counter busyEvents) throws Exception {
        Path parent = dbFile.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Connection connection = SqliteConnections.openWriter(dbFile);
        try {
            installBusyCounter(connection, busyEvents);
            CandleSchema.apply(connection);
            try (Statement s = connection.createStatement()) {
                s.execute(NoDataSchema.DDL);
            }
            // Autocommit stays on and transactions are explicit statements (ImmediateTransactions).
            connection.setAutoCommit(true);
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
        Jdbi jdbi = Jdbi.create(connection).installPlugin(new SqlObjectPlugin());
        jdbi.setTransactionHandler(new ImmediateTransactions());
        return jdbi.open();
    }

    /**
     * Replaces the driver's plain busy_timeout with an equivalent handler that also counts each
     * time SQLite meets a lock (first invocation of a wait), so lock trouble shows in metrics.
     */
    private static void installBusyCounter(Connection c, Counter busyEvents) throws SQLException {
        BusyHandler.setHandler(c, new BusyHandler() {
            private long waitStarted;

            @Override
            protected int callback(int previousInvocations) {
                long now = System.nanoTime();
                if (previousInvocations == 0) {
                    busyEvents.inc();
                    waitStarted = now;
                }
                if (TimeUnit.NANOSECONDS.toMillis(now - waitStarted) >= SqliteConnections.BUSY_TIMEOUT_MS) {
                    return 0;
                }
                try {
                    Thread.sleep(Math.min(50, 1L + previousInvocations));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return 0;
                }
                return 1;
            }
        });
    }
}
