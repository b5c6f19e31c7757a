package io.cryptoflow.e2e.fault;

import io.cryptoflow.common.SqliteConnections;
import io.cryptoflow.common.Timeframe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** One market's candles of one timeframe as stored in collector.db, read on a read-only connection. */
final class CandleRows {

    /** A stored candle; sell and delta rounded to 8 decimals (they are differences of doubles). */
    record Row(long time, double open, double high, double low, double close, double volume, double buy,
               double sell, double delta, long tradeCount, String clusters, boolean closed, long rev) {

        /** The values an exchange kline determines, for field-by-field comparison. */
        Values values() {
            return new Values(time, open, high, low, close, volume, buy, round8(sell), round8(delta), tradeCount);
        }
    }

    /** OHLCV, taker buy/sell, delta and trade count of one candle. */
    record Values(long time, double open, double high, double low, double close, double volume, double buy,
                  double sell, double delta, long tradeCount) {
    }

    private CandleRows() {
    }

    static double round8(double v) {
        return Math.round(v * 1e8) / 1e8;
    }

    static List<Row> read(Path collectorDb, String storedSymbol, Timeframe tf) throws SQLException {
        if (!Files.exists(collectorDb)) {
            return List.of();
        }
        try (Connection c = SqliteConnections.openReadOnly(collectorDb);
             PreparedStatement ps = c.prepareStatement("SELECT time, open, high, low, close, volume, buy_volume,"
                     + " sell_volume, delta, trade_count, clusters, closed, rev FROM " + tf.table()
                     + " WHERE symbol = ? ORDER BY time")) {
            ps.setString(1, storedSymbol);
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getLong(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4),
                            rs.getDouble(5), rs.getDouble(6), rs.getDouble(7), rs.getDouble(8), rs.getDouble(9),
                            rs.getLong(10), rs.getString(11), rs.getInt(12) == 1, rs.getLong(13)));
                }
            }
            return rows;
        }
    }
}
