package io.cryptoflow.e2e.trades;

import io.cryptoflow.common.SqliteConnections;
import io.cryptoflow.common.TradePartition;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one market's raw trades ({@code trades_<exchange>_<day>} partitions listed live in
 * {@code cf_partitions}) and its unfilled {@code trade_gaps} from collector.db, read-only, in one
 * read transaction so trades and gaps are of the same revision.
 */
record StoredRawTrades(List<Row> trades, List<Gap> gaps) {

    record Row(long id, long time, double price, double qty, boolean buyerMaker) {
    }

    /** Trades of the market known missing: both bounds exclusive, as the collector records them. */
    record Gap(long from, long to) {

        boolean holds(long time) {
            return time >= from && time <= to;
        }

        boolean strictlyInside(long time) {
            return time > from && time < to;
        }

        /** Whether trades of [open, end) may lie in it: the collector's rule for a partial candle. */
        boolean touches(long open, long end) {
            return from < end - 1 && to > open;
        }
    }

    static StoredRawTrades read(Path db, String exchange, String symbol) throws SQLException {
        try (Connection c = SqliteConnections.openReadOnly(db)) {
            c.setAutoCommit(false);
            List<String> tables = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT name FROM cf_partitions WHERE exchange = ? AND dropped = 0 ORDER BY day")) {
                s.setString(1, exchange);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        TradePartition.parse(rs.getString(1)).filter(TradePartition::holdsTrades)
                                .ifPresent(p -> tables.add(p.table()));
                    }
                }
            }
            List<Row> trades = new ArrayList<>();
            for (String table : tables) {
                try (PreparedStatement s = c.prepareStatement("SELECT id, time, price, qty, buyer_maker FROM " + table
                        + " WHERE symbol = ? ORDER BY time, id")) {
                    s.setString(1, symbol);
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            trades.add(new Row(rs.getLong(1), rs.getLong(2), rs.getDouble(3), rs.getDouble(4), rs.getInt(5) == 1));
                        }
                    }
                }
            }
            List<Gap> gaps = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT from_time, to_time FROM trade_gaps"
                    + " WHERE exchange = ? AND symbol = ? AND filled = 0 ORDER BY from_time")) {
                s.setString(1, exchange);
                s.setString(2, symbol);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        gaps.add(new Gap(rs.getLong(1), rs.getLong(2)));
                    }
                }
            }
            c.commit();
            return new StoredRawTrades(trades, gaps);
        } catch (SQLException e) {
            if (e.getMessage() != null && e.getMessage().contains("no such table")) {
                return new StoredRawTrades(List.of(), List.of()); // the writer has not created its schema yet
            }
            throw e;
        }
    }
}
