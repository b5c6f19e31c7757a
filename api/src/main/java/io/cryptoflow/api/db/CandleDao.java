package io.cryptoflow.api.db;

import io.cryptoflow.api.core.PageSummary;
import io.cryptoflow.api.render.CandleRenderer;
import io.cryptoflow.api.render.RenderedCandle;
import io.cryptoflow.common.Candle;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.Timeframe;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * Candle reads from api.db. The table name is always {@link Timeframe#table()} (a closed set),
 * substituted through {@code @Define}; the public methods take a {@link Timeframe}, never text.
 * {@link #rendered} needs a {@link RenderingRowMapper} registered on the handle first.
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

    /** What identifies the newest {@code limit} rows of a range: count, first/last time, highest rev. */
    default PageSummary summary(Timeframe tf, MarketSymbol market, long fromInclusive, long toExclusive, int limit) {
        return summaryIn(tf.table(), market.stored(), fromInclusive, toExclusive, limit);
    }

    /** The same rows as {@link #newestFirst}, rendered (or taken from the render cache by rev). */
    default List<RenderedCandle> rendered(Timeframe tf, MarketSymbol market, long fromInclusive, long toExclusive,
                                          int limit) {
        return renderedIn(tf.table(), market.stored(), fromInclusive, toExclusive, limit);
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

    /** One row computed inside SQLite: no column of the page crosses JNI to answer a 304. */
    @SqlQuery("""
            SELECT count(*) AS rows, min(time) AS oldest, max(time) AS newest,
                   coalesce(max(rev), -1) AS max_rev, coalesce(min(closed), 0) AS all_closed
            FROM (SELECT time, rev, closed FROM <table>
                  WHERE symbol = :symbol AND time >= :from AND time < :to
                  ORDER BY time DESC
                  LIMIT :limit)""")
    @RegisterConstructorMapper(PageSummary.class)
    PageSummary summaryIn(@Define("table") String table, @Bind("symbol") String symbol,
                          @Bind("from") long fromInclusive, @Bind("to") long toExclusive, @Bind("limit") int limit);

    @SqlQuery("SELECT " + CandleRenderer.COLUMNS + """
             FROM <table>
            WHERE symbol = :symbol AND time >= :from AND time < :to
            ORDER BY time DESC
            LIMIT :limit""")
    List<RenderedCandle> renderedIn(@Define("table") String table, @Bind("symbol") String symbol,
                                    @Bind("from") long fromInclusive, @Bind("to") long toExclusive,
                                    @Bind("limit") int limit);

    /** The replicator's last apply, as "source_rev:applied_at": unchanged means api.db did not change. */
    @SqlQuery("SELECT source_rev || ':' || applied_at FROM cf_replica WHERE id = 1")
    Optional<String> replicaStamp();

    @SqlQuery("SELECT EXISTS (SELECT 1 FROM <table> WHERE symbol = :symbol)")
    boolean hasAnyIn(@Define("table") String table, @Bind("symbol") String symbol);

    @SqlQuery("""
            SELECT time, open, high, low, close, volume, buy_volume, sell_volume, delta, trade_count,
                   clusters, closed
            FROM <table>
            WHERE symbol = :symbol AND time = :time""")
    Optional<Candle> atIn(@Define("table") String table, @Bind("symbol") String symbol, @Bind("time") long time);
}
