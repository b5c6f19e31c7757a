package io.cryptoflow.collector.store;

import java.util.List;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlBatch;

/**
 * Candle upserts on the writer's handle. {@code table} is always {@code Timeframe.table()} and the
 * other defines come from {@link CandleUpsert}: a closed set, never request text.
 */
interface CandleDao {

    /**
     * Inserts the whole candle when the row is new; on conflict updates only the columns the write
     * mode owns, only when one of them changed, and never lets a forming candle overwrite a closed one
     * (the guard reads the batch's own {@code :closed}, not the inserted value).
     */
    @SqlBatch("""
            INSERT INTO <table> (symbol, time, open, high, low, close, volume,
                                 buy_volume, sell_volume, delta, trade_count, clusters, closed, rev)
            VALUES (:symbol, :time, :open, :high, :low, :close, :volume,
                    :buyVolume, :sellVolume, :delta, :tradeCount, :clusters, <closedOnInsert>, :rev)
            ON CONFLICT(symbol, time) DO UPDATE SET <set>rev = excluded.rev
            WHERE (:closed = 1 OR <table>.closed = 0)
              AND (<changed>)""")
    int[] upsert(@Define("table") String table, @Define("closedOnInsert") String closedOnInsert,
                 @Define("set") String set, @Define("changed") String changed,
                 @BindMethods List<CandleRow> rows, @Bind("rev") long rev);

    /** Keeps any row already stored (legacy import). */
    @SqlBatch("""
            INSERT INTO <table> (symbol, time, open, high, low, close, volume,
                                 buy_volume, sell_volume, delta, trade_count, clusters, closed, rev)
            VALUES (:symbol, :time, :open, :high, :low, :close, :volume,
                    :buyVolume, :sellVolume, :delta, :tradeCount, :clusters, :closed, :rev)
            ON CONFLICT(symbol, time) DO NOTHING""")
    int[] insertMissing(@Define("table") String table, @BindMethods List<CandleRow> rows, @Bind("rev") long rev);
}
