package io.cryptoflow.collector.store;

import java.util.List;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Raw-trade partitions and their catalog {@code cf_partitions} on the writer's handle. {@code table}
 * is always {@code TradePartition.table()}: a closed pattern, never request text.
 */
interface TradeDao extends SqlObject {

    /**
     * A duplicate (same symbol and trade id, from a REST/live overlap or an archive re-import) is
     * skipped. Plain JDBC ({@link JdbcBatch}) rather than an {@code @SqlBatch} with {@code @BindMethods}:
     * at tens of thousands of rows a second the reflective binding per row was most of the writer's
     * time (about 3× slower than positional binds), and Jdbi's positional binds still cost a sorted
     * map per row.
     */
    default int[] insertTrades(String table, List<TradeRow> rows, long rev) {
        return JdbcBatch.execute(getHandle(), "INSERT INTO " + table
                + " (symbol, id, time, price, qty, buyer_maker, rev) VALUES (?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT(symbol, id) DO NOTHING", rows, (s, r) -> {
                    s.setString(1, r.symbol());
                    s.setLong(2, r.id());
                    s.setLong(3, r.time());
                    s.setDouble(4, r.price());
                    s.setDouble(5, r.qty());
                    s.setInt(6, r.buyerMaker() ? 1 : 0);
                    s.setLong(7, rev);
                });
    }

    /** Null when the partition was never created; else its {@code dropped} flag. */
    @SqlQuery("SELECT dropped FROM cf_partitions WHERE name = :name")
    Integer partitionDropped(@Bind("name") String name);

    /** Creates the catalog row or stamps it with the revision that wrote the partition. */
    @SqlUpdate("""
            INSERT INTO cf_partitions (name, exchange, day, dropped, rev) VALUES (:name, :exchange, :day, 0, :rev)
            ON CONFLICT(name) DO UPDATE SET rev = excluded.rev""")
    void touchPartition(@Bind("name") String name, @Bind("exchange") String exchange, @Bind("day") long dayStart,
                        @Bind("rev") long rev);

    @SqlQuery("""
            SELECT name FROM cf_partitions
            WHERE exchange = :exchange AND dropped = 0 AND day < :before ORDER BY day""")
    List<String> livePartitionsBefore(@Bind("exchange") String exchange, @Bind("before") long before);

    /**
     * The newest time of a {@code symbol} trade before {@code before}; null when the partition holds
     * none. One seek on the (symbol, time, id) index. Bounded because live trades after the one that
     * asks may already be stored when the question is answered.
     */
    @SqlQuery("SELECT max(time) FROM <table> WHERE symbol = :symbol AND time < :before")
    Long newestTimeBefore(@Define("table") String table, @Bind("symbol") String symbol, @Bind("before") long before);

    @SqlUpdate("UPDATE cf_partitions SET dropped = 1, rev = :rev WHERE name = :name")
    void markDropped(@Bind("name") String name, @Bind("rev") long rev);

    @SqlUpdate("DROP TABLE IF EXISTS <table>")
    void dropPartition(@Define("table") String table);

    @SqlUpdate("""
            INSERT INTO trade_gaps (exchange, symbol, from_time, to_time, filled, rev)
            VALUES (:exchange, :symbol, :from, :to, 0, :rev)
            ON CONFLICT(exchange, symbol, from_time) DO UPDATE SET to_time = max(to_time, excluded.to_time), filled = 0,
              rev = excluded.rev""")
    int upsertGap(@Bind("exchange") String exchange, @Bind("symbol") String symbol, @Bind("from") long from,
                  @Bind("to") long to, @Bind("rev") long rev);

    @SqlUpdate("""
            UPDATE trade_gaps SET filled = 1, rev = :rev
            WHERE exchange = :exchange AND symbol = :symbol AND filled = 0 AND from_time >= :from AND to_time <= :to""")
    int fillGaps(@Bind("exchange") String exchange, @Bind("symbol") String symbol, @Bind("from") long from,
                 @Bind("to") long to, @Bind("rev") long rev);

    /** Unfilled gaps that overlap {@code [from, to]} without lying inside it (an outage across midnight). */
    @RegisterConstructorMapper(GapRow.class)
    @SqlQuery("""
            SELECT from_time, to_time FROM trade_gaps
            WHERE exchange = :exchange AND symbol = :symbol AND filled = 0 AND to_time >= :from AND from_time <= :to
              AND (from_time < :from OR to_time > :to)""")
    List<GapRow> gapsStraddling(@Bind("exchange") String exchange, @Bind("symbol") String symbol, @Bind("from") long from,
                                @Bind("to") long to);

    /** Sets one recorded gap's end and state; its key ({@code from_time}) never changes, so the replica's row is the same row. */
    @SqlUpdate("""
            UPDATE trade_gaps SET to_time = :to, filled = :filled, rev = :rev
            WHERE exchange = :exchange AND symbol = :symbol AND from_time = :from""")
    int reshapeGap(@Bind("exchange") String exchange, @Bind("symbol") String symbol, @Bind("from") long from,
                   @Bind("to") long to, @Bind("filled") boolean filled, @Bind("rev") long rev);

    record GapRow(long fromTime, long toTime) {
    }

    @RegisterConstructorMapper(PartitionRow.class)
    @SqlQuery("SELECT name, exchange, day, dropped, rev FROM cf_partitions ORDER BY exchange, day")
    List<PartitionRow> partitions();

    record PartitionRow(String name, String exchange, long day, boolean dropped, long rev) {
    }
}
