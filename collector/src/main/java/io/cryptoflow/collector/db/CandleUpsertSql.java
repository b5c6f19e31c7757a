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
        // Only an exchange kline makes a candle final. A row first created from trades (footprint)
        // is inserted as forming whatever its batch says, so gap repair still fetches its kline
        // (GapFinder counts closed rows only) and the exchange's OHLCV, trade count and close win.
        // The guard below reads the batch's own flag (?13), not the inserted value.
        String closedOnInsert = mode == WriteMode.FOOTPRINT || mode == WriteMode.FOOTPRINT_WITH_TAKER ? "0" : "?13";
        return """
                INSERT INTO %s (symbol, time, open, high, low, close, volume,
                                buy_volume, sell_volume, delta, trade_count, clusters, closed, rev)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, %s, ?14)
                ON CONFLICT(symbol, time) DO UPDATE SET %srev = excluded.rev
                WHERE (?13 = 1 OR %s.closed = 0)
                  AND (%s)""".formatted(t, closedOnInsert, set, t, changed);
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
