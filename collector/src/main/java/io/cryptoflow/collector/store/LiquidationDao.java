package io.cryptoflow.collector.store;

import java.util.List;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Liquidation partitions and {@code liquidation_coverage} on the writer's handle. {@code table} is
 * always {@code TradePartition.table()} of a liquidation partition: a closed pattern.
 */
interface LiquidationDao extends SqlObject {

    /** Positional binds, as for trades; no de-duplication (no exchange id, no replay). */
    default int insertLiquidations(String table, List<LiquidationRow> rows, long rev) {
        PreparedBatch batch = getHandle().prepareBatch("INSERT INTO " + table
                + " (symbol, time, long_side, price, qty, rev) VALUES (?, ?, ?, ?, ?, ?)");
        for (LiquidationRow r : rows) {
            batch.bind(0, r.symbol()).bind(1, r.time()).bind(2, r.longSide() ? 1 : 0).bind(3, r.price())
                    .bind(4, r.qty()).bind(5, rev).add();
        }
        int n = 0;
        for (int c : batch.execute()) {
            n += c;
        }
        return n;
    }

    /** Opens or extends a connected range; a range already reaching {@code to} is left alone (no revision). */
    @SqlUpdate("""
            INSERT INTO liquidation_coverage (exchange, symbol, from_time, to_time, rev)
            VALUES (:exchange, :symbol, :from, :to, :rev)
            ON CONFLICT(exchange, symbol, from_time) DO UPDATE SET to_time = excluded.to_time, rev = excluded.rev
            WHERE excluded.to_time > to_time""")
    int upsertCoverage(@Bind("exchange") String exchange, @Bind("symbol") String symbol, @Bind("from") long from,
                       @Bind("to") long to, @Bind("rev") long rev);
}
