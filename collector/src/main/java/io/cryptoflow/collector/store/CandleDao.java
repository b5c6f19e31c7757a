package io.cryptoflow.collector.store;

import java.util.List;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.sqlobject.SqlObject;

/**
 * Candle upserts on the writer's handle. {@code table} is always {@code Timeframe.table()} and the
 * other parts come from {@link CandleUpsert}: a closed set, never request text.
 *
 * <p>Bound by position ({@link CandleRow#bindTo}), as {@link TradeDao#insertTrades} is, not with
 * {@code @BindMethods}: during a backfill Jdbi's per-row binding by method name (argument lookups,
 * their cache keys' hashes) took more of the writer thread than SQLite's own steps (JFR,
 * docs/benchmarks.md "CPU per backfilled day").
 */
interface CandleDao extends SqlObject {

    /**
     * Inserts the whole candle when the row is new; on conflict updates only the columns the write
     * mode owns, only when one of them changed, and never lets a forming candle overwrite a closed one
     * (the guard reads the batch's own {@code closed}, not the inserted value).
     */
    default int[] upsert(CandleUpsert sql, List<CandleRow> rows, long rev) {
        PreparedBatch batch = getHandle().prepareBatch("""
                INSERT INTO %1$s (symbol, time, open, high, low, close, volume,
                                  buy_volume, sell_volume, delta, trade_count, clusters, closed, rev)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, %2$s, ?)
                ON CONFLICT(symbol, time) DO UPDATE SET %3$srev = excluded.rev
                WHERE (? = 1 OR %1$s.closed = 0)
                  AND (%4$s)""".formatted(sql.table(), sql.closedBound() ? "?" : "0", sql.set(), sql.changed()));
        for (CandleRow r : rows) {
            r.bindTo(batch, sql.closedBound(), rev, true).add();
        }
        return batch.execute();
    }

    /** Keeps any row already stored (legacy import). */
    default int[] insertMissing(String table, List<CandleRow> rows, long rev) {
        PreparedBatch batch = getHandle().prepareBatch("""
                INSERT INTO %s (symbol, time, open, high, low, close, volume,
                                buy_volume, sell_volume, delta, trade_count, clusters, closed, rev)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(symbol, time) DO NOTHING""".formatted(table));
        for (CandleRow r : rows) {
            r.bindTo(batch, true, rev, false).add();
        }
        return batch.execute();
    }
}
