package io.cryptoflow.replicator.support;

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
 * Writes collector.db the way the collector's single writer does (docs/architecture.md): one
 * IMMEDIATE transaction per batch that first bumps {@code cf_state.rev}, stamps every row it
 * upserts with that rev, and records deletions as tombstones.
 *
 * <p>Invariant kept by {@link #commitBatch}: after rev r, candles_15 holds exactly
 * {@code rowsPerRev * r} rows, and the BINANCE:TOTAL row of candles_1440 has volume equal to
 * that count, so a reader that sees a partial transaction notices.
 */
public final class CollectorFixture implements AutoCloseable {

    public static final String SYMBOL = "BINANCE:BTCUSDT";
    public static final String TOTAL = "BINANCE:TOTAL";
    private static final long T0 = 1_700_000_100_000L - 1_700_000_100_000L % Timeframe.M15.millis();

    private final Connection c;
    private final int rowsPerRev;
    private final String clusters;

    public CollectorFixture(Path file, int rowsPerRev, int clusterLevels) throws SQLException {
        this.c = SqliteConnections.openWriter(file);
        this.rowsPerRev = rowsPerRev;
        CandleSchema.apply(c);
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < clusterLevels; i++) {
            sb.append(i == 0 ? "" : ",").append("\"").append(60000 + i).append(".5\":{\"buy\":1.25,\"sell\":0.75}");
        }
        this.clusters = sb.append("}").toString();
    }

    public Connection connection() {
        return c;
    }

    public long rev() throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT rev FROM cf_state WHERE id = 1")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** One collector batch: rowsPerRev new candles_15 rows, an update of the previous batch's first row, the total. */
    public long commitBatch() throws SQLException {
        return commitBatch(0);
    }

    /** A batch as above plus {@code fillerRows} new candles_240 rows, to grow the database quickly. */
    public long commitBatch(int fillerRows) throws SQLException {
        c.setAutoCommit(false);
        try {
            long rev = bumpRev();
            long base = (rev - 1) * rowsPerRev;
            try (PreparedStatement ps = c.prepareStatement(upsertSql(Timeframe.M15.table()))) {
                for (int i = 0; i < rowsPerRev; i++) {
                    bindCandle(ps, SYMBOL, T0 + (base + i) * Timeframe.M15.millis(), 100.0 + i, rev, 1);
                    ps.addBatch();
                }
                if (rev > 1) {
                    // an update of an existing row: a forming candle that closes
                    bindCandle(ps, SYMBOL, T0 + (base - rowsPerRev) * Timeframe.M15.millis(), 200.0 + rev, rev, 1);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            if (fillerRows > 0) {
                long first = count(Timeframe.H4);
                try (PreparedStatement ps = c.prepareStatement(upsertSql(Timeframe.H4.table()))) {
                    for (int i = 0; i < fillerRows; i++) {
                        bindCandle(ps, SYMBOL, T0 + (first + i) * Timeframe.H4.millis(), 300.0 + i, rev, 1);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            try (PreparedStatement ps = c.prepareStatement(upsertSql(Timeframe.D1.table()))) {
                bindCandle(ps, TOTAL, 0, 1.0, rev, 1);
                ps.setDouble(7, (double) rev * rowsPerRev);
                ps.executeUpdate();
            }
            c.commit();
            return rev;
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private long count(Timeframe tf) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + tf.table())) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Deletes one candles_60 row in its own revision and records the tombstone. */
    public long deleteCandle(Timeframe tf, String symbol, long time) throws SQLException {
        c.setAutoCommit(false);
        try {
            long rev = bumpRev();
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + tf.table() + " WHERE symbol = ? AND time = ?")) {
                ps.setString(1, symbol);
                ps.setLong(2, time);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO cf_tombstones(rev, tbl, symbol, time) VALUES (?, ?, ?, ?)")) {
                ps.setLong(1, rev);
                ps.setString(2, tf.table());
                ps.setString(3, symbol);
                ps.setLong(4, time);
                ps.executeUpdate();
            }
            c.commit();
            return rev;
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** Upserts one candle of any timeframe in its own revision. */
    public long upsertCandle(Timeframe tf, String symbol, long time, double close) throws SQLException {
        c.setAutoCommit(false);
        try {
            long rev = bumpRev();
            try (PreparedStatement ps = c.prepareStatement(upsertSql(tf.table()))) {
                bindCandle(ps, symbol, time, close, rev, 1);
                ps.executeUpdate();
            }
            c.commit();
            return rev;
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private long bumpRev() throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE cf_state SET rev = rev + 1, committed_at = ? WHERE id = 1")) {
            ps.setLong(1, System.currentTimeMillis());
            ps.executeUpdate();
        }
        return rev();
    }

    private static String upsertSql(String table) {
        return """
                INSERT INTO %s(symbol, time, open, high, low, close, volume, buy_volume, sell_volume, delta,
                               trade_count, clusters, closed, rev)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(symbol, time) DO UPDATE SET open = excluded.open, high = excluded.high,
                  low = excluded.low, close = excluded.close, volume = excluded.volume,
                  buy_volume = excluded.buy_volume, sell_volume = excluded.sell_volume, delta = excluded.delta,
                  trade_count = excluded.trade_count, clusters = excluded.clusters, closed = excluded.closed,
                  rev = excluded.rev""".formatted(table);
    }

    private void bindCandle(PreparedStatement ps, String symbol, long time, double close, long rev, int closed)
            throws SQLException {
        ps.setString(1, symbol);
        ps.setLong(2, time);
        ps.setDouble(3, close - 1);
        ps.setDouble(4, close + 2);
        ps.setDouble(5, close - 2);
        ps.setDouble(6, close);
        ps.setDouble(7, 10.0);
        ps.setDouble(8, 6.0);
        ps.setDouble(9, 4.0);
        ps.setDouble(10, 2.0);
        ps.setInt(11, 42);
        ps.setString(12, clusters);
        ps.setInt(13, closed);
        ps.setLong(14, rev);
    }

    @Override
    public void close() throws SQLException {
        c.close();
    }
}
