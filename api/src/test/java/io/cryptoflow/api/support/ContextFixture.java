package io.cryptoflow.api.support;

import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.PartitionKind;
import io.cryptoflow.common.TradePartition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Writes the market context series into a test api.db as the replicator leaves them (tables from the
 * common DDL: liquidation partitions and their catalog rows, {@code liquidation_coverage},
 * {@code open_interest}, {@code funding}); each write also moves {@code cf_replica}, as every apply does.
 */
public final class ContextFixture {

    private final Connection c;

    public ContextFixture(Connection c) {
        this.c = c;
    }

    /** One liquidation event of a {@code longSide} position, in its day's partition (created if missing). */
    public ContextFixture liquidation(MarketSymbol m, long time, boolean longSide, double price, double qty, long rev)
            throws SQLException {
        TradePartition p = new TradePartition(PartitionKind.LIQUIDATIONS, m.exchange(), TradePartition.dayOf(time));
        TradeFixture.create(c, p, rev);
        return write("INSERT INTO " + p.table() + " (symbol, time, long_side, price, qty, rev) VALUES (?, ?, ?, ?, ?, ?)",
                m.symbol(), time, longSide ? 1 : 0, price, qty, rev);
    }

    /** A connected range of the market's liquidation stream (upserted: {@code to} grows). */
    public ContextFixture covered(MarketSymbol m, long from, long to, long rev) throws SQLException {
        return write("""
                INSERT INTO liquidation_coverage (exchange, symbol, from_time, to_time, rev) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(exchange, symbol, from_time) DO UPDATE SET to_time = excluded.to_time, rev = excluded.rev""",
                m.exchange(), m.symbol(), from, to, rev);
    }

    /** {@code oiValue} null: the exchange gave none. */
    public ContextFixture openInterest(MarketSymbol m, long time, double oi, Double oiValue, long rev) throws SQLException {
        return write("INSERT INTO open_interest (symbol, time, oi, oi_value, rev) VALUES (?, ?, ?, ?, ?)",
                m.stored(), time, oi, oiValue, rev);
    }

    public ContextFixture funding(MarketSymbol m, long time, double rate, long rev) throws SQLException {
        return write("INSERT INTO funding (symbol, time, rate, mark_price, rev) VALUES (?, ?, ?, NULL, ?)",
                m.stored(), time, rate, rev);
    }

    private ContextFixture write(String sql, Object... values) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                ps.setObject(i + 1, values[i]);
            }
            ps.executeUpdate();
        }
        try (Statement stamp = c.createStatement()) {
            stamp.executeUpdate("UPDATE cf_replica SET applied_at = applied_at + 1 WHERE id = 1");
        }
        return this;
    }
}
