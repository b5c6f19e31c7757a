package io.cryptoflow.collector.store;

import java.util.List;
import org.jdbi.v3.sqlobject.SqlObject;

/**
 * Candle upserts on the writer's handle. {@code table} is always {@code Timeframe.table()} and the
 * other parts come from {@link CandleUpsert}: a closed set, never request text.
 *
 * <p>Run through {@link JdbcBatch}, bound by {@link CandleRow#bindTo}, as {@link TradeDao#insertTrades}
 * is: a backfill writes candles by the hundred thousand.
 */
interface CandleDao extends SqlObject {

    /**
     * Inserts the whole candle when the row is new; on conflict updates only the columns the write
     * mode owns, only when one of them changed, and never lets a forming candle overwrite a closed one
     * (the guard reads the batch's own {@code closed}, not the inserted value).
     */
    default int[] upsert(CandleUpsert sql, List<CandleRow> rows, long rev) {
        return JdbcBatch.execute(getHandle(), """
                INSERT INTO %1$s (symbol, time, open, high, low, close, volume,
                                  buy_volume, sell_volume, delta, trade_count, clusters, closed, rev)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, %2$s, ?)
                ON CONFLICT(symbol, time) DO UPDATE SET %3$srev = excluded.rev
                WHERE (? = 1 OR %1$s.closed = 0)
                  AND (%4$s)""".formatted(sql.table(), sql.closedBound() ? "?" : "0", sql.set(), sql.changed()),
                rows, (statement, r) -> r.bindTo(statement, sql.closedBound(), rev, true));
    }

    /** Keeps any row already stored (legacy import). */
    default int[] insertMissing(String table, List<CandleRow> rows, long rev) {
        return JdbcBatch.execute(getHandle(), """
                INSERT INTO %s (symbol, time, open, high, low, close, volume,
                                buy_volume, sell_volume, delta, trade_count, clusters, closed, rev)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(symbol, time) DO NOTHING""".formatted(table),
                rows, (statement, r) -> r.bindTo(statement, true, rev, false));
    }
}
