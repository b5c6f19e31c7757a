package io.cryptoflow.collector.store;

import io.cryptoflow.common.Candle;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/**
 * One candle as the upserts bind it ({@code :symbol}, {@code :time}, ...). A batch without taker
 * volumes binds NULL for them (not known, never 0); the mode's upsert never lets them replace
 * stored values.
 */
public record CandleRow(String symbol, long time, double open, double high, double low, double close,
                        double volume, Double buyVolume, Double sellVolume, Double delta, Long tradeCount,
                        String clusters, int closed) {

    static CandleRow of(String symbol, Candle c, boolean noTaker) {
        return new CandleRow(symbol, c.time(), c.open(), c.high(), c.low(), c.close(), c.volume(),
                noTaker ? null : c.buyVolume(), noTaker ? null : c.sellVolume(), noTaker ? null : c.delta(),
                noTaker ? null : c.tradeCount(), c.clusters(), c.closed() ? 1 : 0);
    }

    /**
     * Sets this row's parameters of {@link CandleDao}'s statements: the 12 columns from symbol to
     * clusters, {@code closed} when the statement inserts the batch's, the revision, and {@code closed}
     * again for an upsert's guard. Unknown values are SQL NULL.
     */
    void bindTo(PreparedStatement s, boolean closedInValues, long rev, boolean closedInGuard) throws SQLException {
        int i = 1;
        s.setString(i++, symbol);
        s.setLong(i++, time);
        s.setDouble(i++, open);
        s.setDouble(i++, high);
        s.setDouble(i++, low);
        s.setDouble(i++, close);
        s.setDouble(i++, volume);
        setNullable(s, i++, buyVolume);
        setNullable(s, i++, sellVolume);
        setNullable(s, i++, delta);
        if (tradeCount == null) {
            s.setNull(i++, Types.BIGINT);
        } else {
            s.setLong(i++, tradeCount);
        }
        s.setString(i++, clusters);
        if (closedInValues) {
            s.setInt(i++, closed);
        }
        s.setLong(i++, rev);
        if (closedInGuard) {
            s.setInt(i, closed);
        }
    }

    private static void setNullable(PreparedStatement s, int i, Double v) throws SQLException {
        if (v == null) {
            s.setNull(i, Types.DOUBLE);
        } else {
            s.setDouble(i, v);
        }
    }
}
