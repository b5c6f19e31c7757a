package io.cryptoflow.collector.store;

import java.util.List;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Liquidation partitions and {@code liquidation_coverage} on the writer's handle. {@code table} is
 * always {@code TradePartition.table()} of a liquidation partition: a closed pattern.
 */
interface LiquidationDao extends SqlObject {

    /** Plain JDBC ({@link JdbcBatch}), as trades; no de-duplication (no exchange id, no replay). */
    default int insertLiquidations(String table, List<LiquidationRow> rows, long rev) {
        int n = 0;
        for (int c : JdbcBatch.execute(getHandle(), "INSERT INTO " + table
                + " (symbol, time, long_side, price, qty, rev) VALUES (?, ?, ?, ?, ?, ?)", rows, (s, r) -> {
                    s.setString(1, r.symbol());
                    s.setLong(2, r.time());
                    s.setInt(3, r.longSide() ? 1 : 0);
                    s.setDouble(4, r.price());
                    s.setDouble(5, r.qty());
                    s.setLong(6, rev);
                })) {
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
