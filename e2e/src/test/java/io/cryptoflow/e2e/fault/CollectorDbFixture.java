package io.cryptoflow.e2e.fault;

import io.cryptoflow.common.CandleSchema;
import io.cryptoflow.common.SqliteConnections;
import io.cryptoflow.common.Timeframe;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Stands in for the collector's writer where a test needs collector.db content without an
 * exchange: one IMMEDIATE transaction per batch that bumps {@code cf_state.rev} and stamps its
 * rows with it, as docs/architecture.md specifies.
 */
final class CollectorDbFixture implements AutoCloseable {

    static final long T0 = 1_700_006_400_000L;
    private final Connection c;
    private long next;

    CollectorDbFixture(Path file) throws SQLException {
        c = SqliteConnections.openWriter(file);
        CandleSchema.apply(c);
        c.setAutoCommit(false);
    }

    /** Appends {@code rows} 15m BTCUSDT candles with clusters of {@code clusterBytes} characters in one batch. */
    long batch(int rows, int clusterBytes) throws SQLException {
        long rev;
        try (PreparedStatement bump = c.prepareStatement(
                "UPDATE cf_state SET rev = rev + 1, committed_at = ? WHERE id = 1 RETURNING rev")) {
            bump.setLong(1, System.currentTimeMillis());
            try (ResultSet rs = bump.executeQuery()) {
                rs.next();
                rev = rs.getLong(1);
            }
        }
        String clusters = "{\"100\":{\"buy\":1,\"sell\":2},\"pad\":\"" + "x".repeat(Math.max(0, clusterBytes)) + "\"}";
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + Timeframe.M15.table()
                + " (symbol, time, open, high, low, close, volume, buy_volume, sell_volume, delta, trade_count, clusters,"
                + " closed, rev) VALUES ('BINANCE:BTCUSDT', ?, 100, 102, 99, 101, 3, 1, 2, -1, 7, ?, 1, ?)"
                + " ON CONFLICT(symbol, time) DO UPDATE SET clusters = excluded.clusters, rev = excluded.rev")) {
            for (int i = 0; i < rows; i++) {
                ps.setLong(1, T0 + (next++) * Timeframe.M15.millis());
                ps.setString(2, clusters);
                ps.setLong(3, rev);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        c.commit();
        return rev;
    }

    long rev() throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT rev FROM cf_state")) {
            rs.next();
            long rev = rs.getLong(1);
            c.commit();
            return rev;
        }
    }

    @Override
    public void close() throws SQLException {
        c.close();
    }
}
