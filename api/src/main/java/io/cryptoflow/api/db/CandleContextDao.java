package io.cryptoflow.api.db;

import io.cryptoflow.api.api.CandleContext;
import io.cryptoflow.api.core.ContextReads;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * The per-candle market context of a candle page (see {@code core/CandleContextReader}), used through
 * {@link CandleContextReads} on the page's read transaction. {@code table} is a candle table from
 * {@code Timeframe.table()}; {@code events} is a UNION ALL over liquidation partitions named by
 * {@code TradePartition} (closed sets), built by {@link CandleContextReads#liquidationSums}.
 * {@code stored} is the candle tables' market name ({@code EXCHANGE:SYMBOL}, as in open_interest and
 * funding); liquidation partitions and coverage name the exchange and the bare symbol apart.
 */
public interface CandleContextDao {

    String SOURCES = """
            SELECT EXISTS (SELECT 1 FROM liquidation_coverage WHERE exchange = :exchange AND symbol = :symbol)
                     AS "liquidations",
                   EXISTS (SELECT 1 FROM open_interest WHERE symbol = :stored) AS "openInterest",
                   EXISTS (SELECT 1 FROM funding WHERE symbol = :stored) AS "funding\"""";

    /**
     * Per candle of the page (the same newest {@code limit} candles the page reads): one index seek into
     * open_interest and one into funding each, so the cost follows the page, not the series' length.
     */
    String AT_CANDLES = """
            WITH c(open) AS (SELECT time FROM <table> WHERE symbol = :stored AND time >= :from AND time < :to
                             ORDER BY time DESC LIMIT :limit)
            SELECT c.open AS "open", o.oi AS "openInterest", o.oi_value AS "openInterestValue", f.rate AS "fundingRate"
            FROM c
            LEFT JOIN open_interest o ON o.rowid = (
                SELECT rowid FROM open_interest WHERE symbol = :stored
                  AND time <= c.open + :tf AND time > c.open + :tf - :oiMaxAge ORDER BY time DESC LIMIT 1)
            LEFT JOIN funding f ON f.rowid = (
                SELECT rowid FROM funding WHERE symbol = :stored
                  AND time <= c.open AND time > c.open - :fundingMaxAge ORDER BY time DESC LIMIT 1)""";

    String CONNECTED = """
            SELECT from_time AS "from", to_time AS "to" FROM liquidation_coverage
            WHERE exchange = :exchange AND symbol = :symbol AND to_time >= :from AND from_time <= :to
            ORDER BY from_time""";

    /** {@code events}: one SELECT per partition, each {@code time, long_side, price, qty} of :symbol in [:from, :to). */
    String LIQUIDATION_SUMS = """
            SELECT time / :tf * :tf AS "open", long_side AS "longSide", sum(qty) AS "qty",
                   sum(price * qty) AS "notional"
            FROM (<events>) GROUP BY 1, 2""";

    String LIQUIDATION_EVENTS = """
            SELECT time, long_side, price, qty FROM %s WHERE symbol = :symbol AND time >= :from AND time < :to""";

    String FUNDING_EVENTS = """
            SELECT time, rate FROM funding WHERE symbol = :stored AND time >= :from AND time < :to ORDER BY time""";

    @SqlQuery(SOURCES)
    @RegisterConstructorMapper(ContextReads.Sources.class)
    ContextReads.Sources sources(@Bind("exchange") String exchange, @Bind("symbol") String symbol,
                                 @Bind("stored") String stored);

    @SqlQuery(AT_CANDLES)
    @RegisterConstructorMapper(ContextReads.AtCandle.class)
    List<ContextReads.AtCandle> atCandles(@Define("table") String table, @Bind("stored") String stored,
                                          @Bind("from") long from, @Bind("to") long toExclusive,
                                          @Bind("limit") int limit, @Bind("tf") long tfMillis,
                                          @Bind("oiMaxAge") long oiMaxAge, @Bind("fundingMaxAge") long fundingMaxAge);

    @SqlQuery(CONNECTED)
    @RegisterConstructorMapper(ContextReads.Connected.class)
    List<ContextReads.Connected> connected(@Bind("exchange") String exchange, @Bind("symbol") String symbol,
                                           @Bind("from") long from, @Bind("to") long to);

    @SqlQuery(LIQUIDATION_SUMS)
    @RegisterConstructorMapper(ContextReads.LiquidationSum.class)
    List<ContextReads.LiquidationSum> liquidationSums(@Define("events") String events, @Bind("symbol") String symbol,
                                                      @Bind("from") long from, @Bind("to") long toExclusive,
                                                      @Bind("tf") long tfMillis);

    @SqlQuery(FUNDING_EVENTS)
    @RegisterConstructorMapper(CandleContext.FundingEvent.class)
    List<CandleContext.FundingEvent> fundingEvents(@Bind("stored") String stored, @Bind("from") long from,
                                                   @Bind("to") long toExclusive);
}
