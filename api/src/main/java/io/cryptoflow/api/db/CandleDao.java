package io.cryptoflow.api.db;

import io.cryptoflow.common.Candle;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.Timeframe;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * Candle reads from api.db. The table name is always {@link Timeframe#table()} (a closed set),
 * substituted through {@code @Define}; the public methods take a {@link Timeframe}, never text.
 * The page path of /api/candles runs the same SQL without Jdbi: {@link CandleReads}.
 */
@RegisterRowMapper(CandleRowMapper.class)
public interface CandleDao {

    /**
     * Newest candles first with {@code fromInclusive <= time < toExclusive}, using the
     * (symbol, time) unique index for both the range and the order.
     */
    default List<Candle> newestFirst(Timeframe tf, MarketSymbol market, long fromInclusive, long toExclusive,
                                     int limit) {
        return newestFirstIn(tf.table(), market.stored(), fromInclusive, toExclusive, limit);
    }

    default boolean hasAny(Timeframe tf, MarketSymbol market) {
        return hasAnyIn(tf.table(), market.stored());
    }

    default Optional<Candle> at(Timeframe tf, MarketSymbol market, long time) {
        return atIn(tf.table(), market.stored(), time);
    }

    @SqlQuery("""
            SELECT time, open, high, low, close, volume, buy_volume, sell_volume, delta, trade_count,
                   clusters, closed
            FROM <table>
            WHERE symbol = :symbol AND time >= :from AND time < :to
            ORDER BY time DESC
            LIMIT :limit""")
    List<Candle> newestFirstIn(@Define("table") String table, @Bind("symbol") String symbol,
                               @Bind("from") long fromInclusive, @Bind("to") long toExclusive,
                               @Bind("limit") int limit);

    @SqlQuery("SELECT EXISTS (SELECT 1 FROM <table> WHERE symbol = :symbol)")
    boolean hasAnyIn(@Define("table") String table, @Bind("symbol") String symbol);

    @SqlQuery("""
            SELECT time, open, high, low, close, volume, buy_volume, sell_volume, delta, trade_count,
                   clusters, closed
            FROM <table>
            WHERE symbol = :symbol AND time = :time""")
    Optional<Candle> atIn(@Define("table") String table, @Bind("symbol") String symbol, @Bind("time") long time);
}
