package io.cryptoflow.collector.store;

import io.cryptoflow.common.Timeframe;

/**
 * The parts of {@link CandleDao#upsert} that depend on the {@link WriteMode}: the columns the mode
 * owns ({@code set}), the change test over them ({@code changed}) and whether a new row's
 * {@code closed} is the batch's ({@code closedBound}) or 0. The table name comes from {@link Timeframe#table()} only.
 */
record CandleUpsert(String table, boolean closedBound, String set, String changed) {

    static CandleUpsert of(Timeframe tf, WriteMode mode) {
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
        if (mode == WriteMode.FOOTPRINT || mode == WriteMode.FOOTPRINT_WITH_TAKER) {
            // Until the exchange's kline closes the candle, its OHLCV follow every trade seen: trades
            // and a forming kline are both true subsets of the candle's trades, so the range widens
            // to both, volume is the larger view, and close comes from whichever saw more volume.
            // The open stays as first written (the kline's, or the first trade's when trades came first).
            set.append(ohlcvFromTrades(t));
            changed.append(" OR (").append(t).append(".closed = 0 AND (").append(t).append(".volume < excluded.volume OR ")
                    .append(t).append(".high < excluded.high OR ").append(t).append(".low > excluded.low))");
        }
        // Only an exchange kline makes a candle final. A row first created from trades (footprint)
        // is inserted as forming whatever its batch says, so gap repair still fetches its kline
        // (GapFinder counts closed rows only) and the exchange's OHLCV, trade count and close win.
        boolean closedBound = mode != WriteMode.FOOTPRINT && mode != WriteMode.FOOTPRINT_WITH_TAKER;
        return new CandleUpsert(t, closedBound, set.toString(), changed.toString());
    }

    private static String ohlcvFromTrades(String t) {
        String forming = "WHEN " + t + ".closed = 0 ";
        return "high = CASE " + forming + "THEN max(" + t + ".high, excluded.high) ELSE " + t + ".high END, "
                + "low = CASE " + forming + "THEN min(" + t + ".low, excluded.low) ELSE " + t + ".low END, "
                + "close = CASE " + forming + "AND excluded.volume >= " + t + ".volume THEN excluded.close ELSE "
                + t + ".close END, "
                + "volume = CASE " + forming + "THEN max(" + t + ".volume, excluded.volume) ELSE " + t + ".volume END, ";
    }
}
