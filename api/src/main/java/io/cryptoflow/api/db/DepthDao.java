package io.cryptoflow.api.db;

import io.cryptoflow.api.core.DepthReads;
import io.cryptoflow.common.PartitionKind;
import io.cryptoflow.common.TradePartition;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jdbi.v3.core.result.ResultIterable;
import org.jdbi.v3.core.result.ResultIterator;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/**
 * Order-book heatmap rows in api.db: the depth partitions of the catalog (both tiers), their rows
 * by (symbol, time) index, and {@code depth_coverage}. Every table name comes from
 * {@link TradePartition} (catalog names through {@link TradePartition#parse}), never request text.
 */
public interface DepthDao extends DepthReads {

    /** Runs {@code work} in one read transaction: catalog, rows and coverage from one WAL snapshot. */
    @Transaction(readOnly = true)
    default <R> R inOneSnapshot(Function<DepthReads, R> work) {
        return work.apply(this);
    }

    @Override
    default List<TradePartition> partitions(String exchange, PartitionKind kind) {
        return liveTables(exchange).stream()
                .flatMap(name -> TradePartition.parse(name).filter(p -> p.kind() == kind).stream())
                .toList();
    }

    @Override
    default void snapshots(TradePartition partition, String symbol, long from, long to, Consumer<Snapshot> sink) {
        try (ResultIterator<Snapshot> rows = rows(partition.table(), symbol, from, to).iterator()) {
            rows.forEachRemaining(sink);
        }
    }

    @Override
    default Optional<Snapshot> newestAfter(TradePartition partition, String symbol, long after) {
        return newest(partition.table(), symbol, after);
    }

    @SqlQuery("SELECT name FROM cf_partitions WHERE exchange = :exchange AND dropped = 0 ORDER BY day")
    List<String> liveTables(@Bind("exchange") String exchange);

    /** One range scan of the (symbol, time) index per partition. */
    @SqlQuery("""
            SELECT time, step, bid_bin, ask_bin, bids, asks, samples FROM <table>
            WHERE symbol = :symbol AND time BETWEEN :from AND :to ORDER BY time""")
    @RegisterConstructorMapper(Snapshot.class)
    ResultIterable<Snapshot> rows(@Define("table") String table, @Bind("symbol") String symbol, @Bind("from") long from,
                        @Bind("to") long to);

    @SqlQuery("""
            SELECT time, step, bid_bin, ask_bin, bids, asks, samples FROM <table>
            WHERE symbol = :symbol AND time > :after ORDER BY time DESC LIMIT 1""")
    @RegisterConstructorMapper(Snapshot.class)
    Optional<Snapshot> newest(@Define("table") String table, @Bind("symbol") String symbol, @Bind("after") long after);

    @Override
    @SqlQuery("""
            SELECT max(from_time, :from) AS "from", min(to_time, :to) AS "to" FROM depth_coverage
            WHERE exchange = :exchange AND symbol = :symbol AND to_time >= :from AND from_time <= :to
            ORDER BY from_time""")
    @RegisterConstructorMapper(Range.class)
    List<Range> covered(@Bind("exchange") String exchange, @Bind("symbol") String symbol, @Bind("from") long from,
                        @Bind("to") long to);

    @Override
    @SqlQuery("SELECT EXISTS (SELECT 1 FROM depth_coverage WHERE exchange = :exchange AND symbol = :symbol)")
    boolean known(@Bind("exchange") String exchange, @Bind("symbol") String symbol);
}
