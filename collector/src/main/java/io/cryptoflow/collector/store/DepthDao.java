package io.cryptoflow.collector.store;

import java.util.List;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Depth partitions and {@code depth_coverage} on the writer's handle. {@code table} is always
 * {@code TradePartition.table()} of a depth partition: a closed pattern.
 */
interface DepthDao extends SqlObject {

    default int insertDepth(String table, List<DepthRow> rows, long rev) {
        PreparedBatch batch = getHandle().prepareBatch("INSERT INTO " + table
                + " (symbol, time, step, bid_bin, ask_bin, bids, asks, samples, rev) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        for (DepthRow r : rows) {
            batch.bind(0, r.symbol()).bind(1, r.time()).bind(2, r.step()).bind(3, r.bidBin()).bind(4, r.askBin())
                    .bind(5, r.bids()).bind(6, r.asks()).bind(7, r.samples()).bind(8, rev).add();
        }
        int n = 0;
        for (int c : batch.execute()) {
            n += c;
        }
        return n;
    }

    /** Opens or extends a known-right range; a range already reaching {@code to} is left alone. */
    @SqlUpdate("""
            INSERT INTO depth_coverage (exchange, symbol, from_time, to_time, rev)
            VALUES (:exchange, :symbol, :from, :to, :rev)
            ON CONFLICT(exchange, symbol, from_time) DO UPDATE SET to_time = excluded.to_time, rev = excluded.rev
            WHERE excluded.to_time > to_time""")
    int upsertDepthCoverage(@Bind("exchange") String exchange, @Bind("symbol") String symbol, @Bind("from") long from,
                            @Bind("to") long to, @Bind("rev") long rev);
}
