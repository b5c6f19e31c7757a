package io.cryptoflow.collector.db;

import io.cryptoflow.common.Timeframe;

/**
 * The upsert statement for each {@link WriteMode}. Every statement binds the same 13 parameters
 * (symbol, time, open, high, low, close, volume, buy, sell, delta, trades, clusters, closed) plus
 * the revision, inserts the whole candle when the row is new, and on conflict only updates the
 * columns the mode owns, only when one of them changed, and never lets a forming candle
 * overwrite a closed one. The table name comes from {@link Timeframe#table()} only.
 */
final class CandleUpsertSql {

    private CandleUpsertSql() {
    }

    static String of(Timeframe tf, WriteMode mode) {
        String t = tf.table();
        String owned = switch (mode) {
            case KLINE -> "open,high,low,close,volume,buy_volume,sell_volume,delta,trade_count,closed";
            case KLINE_NO_TAKER -> "open,high,low,close,volume,closed";
            case FOOTPRINT -> "clusters";
            case FOOTPRINT_WITH_TAKER -> "clusters,buy_volume,sell_volume,delta,trade_count";
        };
        StringBuilder set = new StringBuilder();
        StringBuilder changed = new StringBuilder();
        for (String col : owned.split(",")) {
            set.append(col).append(" = excluded.").append(col).append(", ");
            if (!changed.isEmpty()) {
                changed.append(" OR ");
            }
            changed.append(t).append('.').append(col).append(" IS NOT excluded.").append(col);
        }
        return """
                INSERT INTO %s (symbol, time, open, high, low, close, volume,
                                buy_volume, sell_volume, delta, trade_count, clusters, closed, rev)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(symbol, time) DO UPDATE SET %srev = excluded.rev
                WHERE (excluded.closed = 1 OR %s.closed = 0)
                  AND (%s)""".formatted(t, set, t, changed);
    }

    /** Same parameters as {@link #of}; keeps any row already stored (legacy import). */
    static String insertOnly(Timeframe tf) {
        return """
                INSERT INTO %s (symbol, time, open, high, low, close, volume,
                                buy_volume, sell_volume, delta, trade_count, clusters, closed, rev)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(symbol, time) DO NOTHING""".formatted(tf.table());
    }
}
