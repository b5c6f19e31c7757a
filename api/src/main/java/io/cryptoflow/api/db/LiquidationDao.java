package io.cryptoflow.api.db;

import io.cryptoflow.api.api.LiquidationPage;
import io.cryptoflow.common.PartitionKind;
import io.cryptoflow.common.TradePartition;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/**
 * Liquidation events in api.db: the liquidation partitions of the catalog, their rows in (time, seq)
 * order, and {@code liquidation_coverage}. {@code table} is always a name {@link TradePartition#parse}
 * accepted from the catalog (a closed pattern), never request text.
 */
public interface LiquidationDao {

    /** An exchange's live partitions (the caller keeps the liquidation ones), oldest day first. */
    String LIVE_PARTITIONS_OF = "SELECT name FROM cf_partitions WHERE exchange = :exchange AND dropped = 0 ORDER BY day";

    /** One stored event; {@code seq} orders events of one millisecond (commit order in its day's partition). */
    record Event(long seq, long time, boolean longSide, double price, double qty) {
    }

    /** A page: the events and the connected ranges, read from one WAL snapshot. */
    record Page(List<Event> events, List<LiquidationPage.Covered> covered) {
    }

    /**
     * At most {@code limit} events of {@code symbol} with time in [from, to] after ({@code afterTime},
     * {@code afterSeq}), oldest first, across the day partitions in order; plus the connected ranges.
     */
    @Transaction(readOnly = true)
    default Page page(String exchange, String symbol, long from, long to, long afterTime, long afterSeq, int limit) {
        List<Event> out = new ArrayList<>();
        for (TradePartition p : partitionsOverlapping(exchange, Math.max(from, afterTime), to)) {
            if (out.size() >= limit) {
                break;
            }
            out.addAll(events(p.table(), symbol, from, to, afterTime, afterSeq, limit - out.size()));
        }
        return new Page(out, covered(exchange, symbol, from, to));
    }

    /** The live liquidation partitions of {@code exchange} whose day overlaps [from, to] (inclusive), oldest first. */
    default List<TradePartition> partitionsOverlapping(String exchange, long from, long to) {
        return overlapping(livePartitions(exchange), from, to);
    }

    /** The liquidation partitions among {@code names} whose day overlaps [from, to] (inclusive), in order. */
    static List<TradePartition> overlapping(List<String> names, long from, long to) {
        List<TradePartition> out = new ArrayList<>();
        for (String name : names) {
            TradePartition.parse(name)
                    .filter(p -> p.kind() == PartitionKind.LIQUIDATIONS && p.dayEnd() > from && p.dayStart() <= to)
                    .ifPresent(out::add);
        }
        return out;
    }

    @SqlQuery(LIVE_PARTITIONS_OF)
    List<String> livePartitions(@Bind("exchange") String exchange);

    @SqlQuery("""
            SELECT seq, time, long_side, price, qty FROM <table>
            WHERE symbol = :symbol AND time BETWEEN :from AND :to
              AND (time > :afterTime OR (time = :afterTime AND seq > :afterSeq))
            ORDER BY time, seq LIMIT :limit""")
    @RegisterConstructorMapper(Event.class)
    List<Event> events(@Define("table") String table, @Bind("symbol") String symbol, @Bind("from") long from,
                       @Bind("to") long to, @Bind("afterTime") long afterTime, @Bind("afterSeq") long afterSeq,
                       @Bind("limit") int limit);

    @SqlQuery("""
            SELECT max(from_time, :from) AS "from", min(to_time, :to) AS "to" FROM liquidation_coverage
            WHERE exchange = :exchange AND symbol = :symbol AND to_time >= :from AND from_time <= :to
            ORDER BY from_time""")
    @RegisterConstructorMapper(LiquidationPage.Covered.class)
    List<LiquidationPage.Covered> covered(@Bind("exchange") String exchange, @Bind("symbol") String symbol,
                                          @Bind("from") long from, @Bind("to") long to);
}
