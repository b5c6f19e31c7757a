package io.cryptoflow.collector.store;

import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * Reads the newest stored trades of a market at startup (where the last run stopped). {@code table}
 * is always {@code TradePartition.table()} of a name {@code cf_partitions} listed: a closed pattern.
 */
interface TradeTailDao {

    /** The exchange's partitions not dropped, newest day first (every kind: the caller keeps trades). */
    @SqlQuery("SELECT name FROM cf_partitions WHERE exchange = :exchange AND dropped = 0 AND day >= :from ORDER BY day DESC")
    List<String> livePartitionsSince(@Bind("exchange") String exchange, @Bind("from") long fromDay);

    /** The market's trades at or after {@code from} in one partition, oldest first (one range on the (symbol, time, id) index). */
    @RegisterConstructorMapper(StoredTrade.class)
    @SqlQuery("SELECT id, time FROM <table> WHERE symbol = :symbol AND time >= :from ORDER BY time, id")
    List<StoredTrade> tradesSince(@Define("table") String table, @Bind("symbol") String symbol, @Bind("from") long from);

    /** The market's newest trade in one partition (empty list when it holds none). */
    @RegisterConstructorMapper(StoredTrade.class)
    @SqlQuery("SELECT id, time FROM <table> WHERE symbol = :symbol ORDER BY time DESC, id DESC LIMIT 1")
    List<StoredTrade> newest(@Define("table") String table, @Bind("symbol") String symbol);
}
