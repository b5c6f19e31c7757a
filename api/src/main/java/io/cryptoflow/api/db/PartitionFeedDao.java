package io.cryptoflow.api.db;

import io.cryptoflow.api.core.PartitionFeedReads;
import io.cryptoflow.common.PartitionKind;
import io.cryptoflow.common.TradePartition;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.jdbi.v3.core.result.ResultIterable;
import org.jdbi.v3.core.result.ResultIterator;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.UseRowMapper;

/**
 * The reads of one kind of day partitions that {@code /api/trades} and the {@code /ws} channels share:
 * the catalog, a replay in (time, id) order and the rows added since a position. The kind ({@link #kind()},
 * trades unless a sub-interface says otherwise) names the row's id and flag columns; every table name
 * went through {@link TradePartition#parse} (a closed pattern) and the columns come from that closed
 * set, never from request text.
 */
public interface PartitionFeedDao extends PartitionFeedReads {

    /** The kind of partitions this DAO reads. */
    default PartitionKind kind() {
        return PartitionKind.TRADES;
    }

    @Override
    default List<Partition> partitions(String exchange) {
        return livePartitions(exchange).stream()
                .filter(p -> TradePartition.parse(p.name()).filter(t -> t.kind() == kind()).isPresent())
                .toList();
    }

    @SqlQuery("SELECT name, day FROM cf_partitions WHERE exchange = :exchange AND dropped = 0 ORDER BY day")
    @RegisterConstructorMapper(Partition.class)
    List<Partition> livePartitions(@Bind("exchange") String exchange);

    @Override
    default long stream(String table, String symbol, long fromTime, long afterId, long to, long maxSeq, long limit,
                        RowSink sink) {
        return drain(rowsOf(closed(table), idColumn(), flagColumn(), symbol, fromTime, afterId, to, maxSeq, limit), sink);
    }

    @Override
    default long streamAdded(String table, String symbol, long afterSeq, long upToSeq, RowSink sink) {
        return drain(rowsAdded(closed(table), idColumn(), flagColumn(), symbol, afterSeq, upToSeq), sink);
    }

    @Override
    @SqlQuery("SELECT coalesce(max(seq), 0) FROM <table>")
    long maxSeq(@Define("table") String table);

    /** Trades: the exchange's trade id; liquidations (no id of their own): the commit order. */
    private String idColumn() {
        return kind() == PartitionKind.TRADES ? "id" : "seq";
    }

    private String flagColumn() {
        return kind() == PartitionKind.TRADES ? "buyer_maker" : "long_side";
    }

    private String closed(String table) {
        return TradePartition.parse(table).filter(p -> p.kind() == kind())
                .orElseThrow(() -> new IllegalArgumentException("not a " + kind() + " partition: " + table)).table();
    }

    private static long drain(ResultIterable<Row> result, RowSink sink) {
        long n = 0;
        try (ResultIterator<Row> rows = result.iterator()) {
            while (rows.hasNext()) {
                Row r = rows.next();
                sink.trade(r.time, r.id, r.price, r.qty, r.flag);
                n++;
            }
        }
        return n;
    }

    /** Straight from the (symbol, time, id|seq) index in its order; the OR keeps the seek on (symbol, time). */
    @SqlQuery("""
            SELECT time, <id>, price, qty, <flag> FROM <table>
            WHERE symbol = :symbol AND time >= :fromTime AND time <= :to
              AND (time > :fromTime OR <id> > :afterId) AND seq <= :maxSeq
            ORDER BY time, <id> LIMIT :limit""")
    @UseRowMapper(RowMapper.class)
    ResultIterable<Row> rowsOf(@Define("table") String table, @Define("id") String idColumn,
                               @Define("flag") String flagColumn, @Bind("symbol") String symbol,
                               @Bind("fromTime") long fromTime, @Bind("afterId") long afterId, @Bind("to") long to,
                               @Bind("maxSeq") long maxSeq, @Bind("limit") long limit);

    /** Rows added since a position, in commit (seq) order: the live push. */
    @SqlQuery("""
            SELECT time, <id>, price, qty, <flag> FROM <table>
            WHERE seq > :afterSeq AND seq <= :upToSeq AND symbol = :symbol ORDER BY seq""")
    @UseRowMapper(RowMapper.class)
    ResultIterable<Row> rowsAdded(@Define("table") String table, @Define("id") String idColumn,
                                  @Define("flag") String flagColumn, @Bind("symbol") String symbol,
                                  @Bind("afterSeq") long afterSeq, @Bind("upToSeq") long upToSeq);

    /** One row; mutable and reused by the mapper, so a day of trades allocates nothing per row. */
    final class Row {
        long time;
        long id;
        double price;
        double qty;
        boolean flag;
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
            row.flag = rs.getInt(5) == 1;
            return row;
        }
    }
}
