package io.cryptoflow.api.support;

import io.cryptoflow.common.PartitionKind;
import io.cryptoflow.common.TradePartition;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Writes heatmap snapshots and book coverage into a test api.db with the common DDL, as the replicator leaves them. */
public final class DepthFixture {

    private DepthFixture() {
    }

    /** One snapshot of {@code symbol}: sizes from the best bin outward, {@code samples} seconds known. */
    public static void snapshot(Connection c, PartitionKind kind, String exchange, String symbol, long time, double step,
                                long bidBin, long askBin, float[] bids, float[] asks, int samples) throws SQLException {
        TradePartition p = TradePartition.of(kind, io.cryptoflow.common.MarketSymbol.of(exchange, symbol), time);
        TradeFixture.create(c, p, 1);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + p.table()
                + " (symbol, time, step, bid_bin, ask_bin, bids, asks, samples, rev) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)")) {
            ps.setString(1, symbol.toUpperCase(java.util.Locale.ROOT));
            ps.setLong(2, time);
            ps.setDouble(3, step);
            ps.setLong(4, bidBin);
            ps.setLong(5, askBin);
            ps.setBytes(6, blob(bids));
            ps.setBytes(7, blob(asks));
            ps.setInt(8, samples);
            ps.executeUpdate();
        }
    }

    /** A range in which the market's book was known right. */
    public static void covered(Connection c, String exchange, String symbol, long from, long to) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT OR REPLACE INTO depth_coverage (exchange, symbol, from_time, to_time, rev) VALUES (?, ?, ?, ?, 1)")) {
            ps.setString(1, exchange.toUpperCase(java.util.Locale.ROOT));
            ps.setString(2, symbol.toUpperCase(java.util.Locale.ROOT));
            ps.setLong(3, from);
            ps.setLong(4, to);
            ps.executeUpdate();
        }
    }

    public static byte[] blob(float[] sizes) {
        ByteBuffer b = ByteBuffer.allocate(sizes.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : sizes) {
            b.putFloat(f);
        }
        return b.array();
    }
}
