package io.cryptoflow.api.db;

import io.cryptoflow.api.core.TradeReads;
import io.cryptoflow.common.TradePartition;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Function;
import org.jdbi.v3.core.result.ResultIterable;
import org.jdbi.v3.core.result.ResultIterator;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.UseRowMapper;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/**
 * Raw trades in api.db: the partition catalog and one partition's rows. {@code table} is always a
 * name {@link TradePartition#parse} accepted from the catalog (a closed pattern), never request text.
 */
public interface TradeDao extends TradeReads {

    /** Runs {@code work} in one read transaction: the catalog and every partition read from one WAL snapshot. */
    @Transaction(readOnly = true)
    default <R> R inOneSnapshot(Function<TradeReads, R> work) {
        return work.apply(this);
    }

    @Override
    default List<Partition> partitions(String exchange) {
        return livePartitions(exchange).stream()
                .filter(p -> TradePartition.parse(p.name()).filter(TradePartition::holdsTrades).isPresent())
                .toList();
    }

    @Override
    @SqlQuery("""
            SELECT from_time, to_time FROM trade_gaps
            WHERE exchange = :exchange AND symbol = :symbol AND filled = 0 AND to_time >= :from AND from_time <= :to
            ORDER BY from_time""")
    @RegisterConstructorMapper(Gap.class)
    List<Gap> gaps(@Bind("exchange") String exchange, @Bind("symbol") String symbol, @Bind("from") long from,
                   @Bind("to") long to);

    @SqlQuery("SELECT name, day FROM cf_partitions WHERE exchange = :exchange AND dropped = 0 ORDER BY day")
    @RegisterConstructorMapper(Partition.class)
    List<Partition> livePartitions(@Bind("exchange") String exchange);

    @Override
    @SqlQuery("SELECT EXISTS (SELECT 1 FROM <table> WHERE symbol = :symbol)")
    boolean holds(@Define("table") String table, @Bind("symbol") String symbol);

    @Override
    default long stream(String table, String symbol, long fromTime, long afterId, long to, long maxSeq, long limit,
                        RowSink sink) {
        return drain(rowsOf(closed(table), symbol, fromTime, afterId, to, maxSeq, limit), sink);
    }

    @Override
    default long streamAdded(String table, String symbol, long afterSeq, long upToSeq, RowSink sink) {
        return drain(rowsAdded(closed(table), symbol, afterSeq, upToSeq), sink);
    }

    @Override
    @SqlQuery("SELECT coalesce(max(seq), 0) FROM <table>")
    long maxSeq(@Define("table") String table);

    private static String closed(String table) {
        return TradePartition.parse(table).orElseThrow(() -> new IllegalArgumentException("not a trade partition: " + table))
                .table();
    }

    private static long drain(ResultIterable<Row> result, RowSink sink) {
        long n = 0;
        try (ResultIterator<Row> rows = result.iterator()) {
            while (rows.hasNext()) {
                Row r = rows.next();
                sink.trade(r.time, r.id, r.price, r.qty, r.buyerMaker);
                n++;
            }
        }
        return n;
    }

    /** Straight from the (symbol, time, id) index in its order; the OR keeps the seek on (symbol, time). */
    @SqlQuery("""
            SELECT time, id, price, qty, buyer_maker FROM <table>
            WHERE symbol = :symbol AND time >= :fromTime AND time <= :to
              AND (time > :fromTime OR id > :afterId) AND seq <= :maxSeq
            ORDER BY time, id LIMIT :limit""")
    @UseRowMapper(RowMapper.class)
    ResultIterable<Row> rowsOf(@Define("table") String table, @Bind("symbol") String symbol, @Bind("fromTime") long fromTime,
                               @Bind("afterId") long afterId, @Bind("to") long to, @Bind("maxSeq") long maxSeq,
                               @Bind("limit") long limit);

    /** Rows added since a position, in commit (seq) order: the live push. */
    @SqlQuery("""
            SELECT time, id, price, qty, buyer_maker FROM <table>
            WHERE seq > :afterSeq AND seq <= :upToSeq AND symbol = :symbol ORDER BY seq""")
    @UseRowMapper(RowMapper.class)
    ResultIterable<Row> rowsAdded(@Define("table") String table, @Bind("symbol") String symbol,
                                  @Bind("afterSeq") long afterSeq, @Bind("upToSeq") long upToSeq);

    /** One row; mutable and reused by the mapper, so a day of trades allocates nothing per row. */
    final class Row {
        long time;
        long id;
        double price;
        double qty;
        boolean buyerMaker;
    }

    /** Fills one {@link Row} per result set (a result is consumed row by row before the next is read). */
    final class RowMapper implements org.jdbi.v3.core.mapper.RowMapper<Row> {
        private final Row row = new Row();

        @Override
        public Row map(ResultSet rs, StatementContext ctx) throws SQLException {
            row.time = rs.getLong(1);
            row.id = rs.getLong(2);
            row.price = rs.getDouble(3);
            row.qty = rs.getDouble(4);
            row.buyerMaker = rs.getInt(5) == 1;
            return row;
        }
    }
}
