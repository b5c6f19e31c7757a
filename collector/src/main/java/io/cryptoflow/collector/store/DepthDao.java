package io.cryptoflow.collector.store;

import java.util.List;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Depth partitions and {@code depth_coverage} on the writer's handle. {@code table} is always
 * {@code TradePartition.table()} of a depth partition: a closed pattern.
 */
interface DepthDao extends SqlObject {

    /** Plain JDBC ({@link JdbcBatch}), as trades: books are sampled every second. */
    default int insertDepth(String table, List<DepthRow> rows, long rev) {
        int n = 0;
        for (int c : JdbcBatch.execute(getHandle(), "INSERT INTO " + table
                + " (symbol, time, step, bid_bin, ask_bin, bids, asks, samples, rev) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows, (s, r) -> {
                    s.setString(1, r.symbol());
                    s.setLong(2, r.time());
                    s.setDouble(3, r.step());
                    s.setLong(4, r.bidBin());
                    s.setLong(5, r.askBin());
                    s.setBytes(6, r.bids());
                    s.setBytes(7, r.asks());
                    s.setInt(8, r.samples());
                    s.setLong(9, rev);
                })) {
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
