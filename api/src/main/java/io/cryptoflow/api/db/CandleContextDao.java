package io.cryptoflow.api.db;

import io.cryptoflow.api.api.CandleContext;
import io.cryptoflow.api.core.ContextReads;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.KeyColumn;
import org.jdbi.v3.sqlobject.config.ValueColumn;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.UseRowMapper;

/**
 * The per-candle market context of a candle page (see {@code core/CandleContextReader}), used through
 * {@link CandleContextReads} on the page's read transaction; the liquidation catalog comes with it
 * ({@link LiquidationDao}). {@link CandleDao} extends it, so the page's own DAO runs these on its
 * handle and nothing is attached per page. {@code table} is a candle table from
 * {@code Timeframe.table()}; liquidation partitions are names {@code TradePartition} built or parsed
 * (closed sets), {@code maxes} a UNION ALL over them built by {@link CandleContextReads#maxSeqs}.
 * {@code stored} is the candle tables' market name ({@code EXCHANGE:SYMBOL}, as in open_interest and
 * funding); liquidation partitions and coverage name the exchange and the bare symbol apart.
 */
public interface CandleContextDao extends LiquidationDao {

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

    /** {@code maxes}: one {@code SELECT '<name>', coalesce(max(seq), 0) FROM <name>} per partition, UNION ALL. */
    String MAX_SEQS = "SELECT name, seq FROM (<maxes>)";

    String MAX_SEQ = "SELECT '%1$s' AS name, coalesce(max(seq), 0) AS seq FROM %1$s";

    /** A day's sums of one market the first time: through the (symbol, time, seq) index. */
    String SUMS_ALL = """
            SELECT time / :tf * :tf AS "open", long_side AS "longSide", sum(qty) AS "qty", sum(price * qty) AS "notional"
            FROM <table> WHERE symbol = :symbol AND seq > :after AND seq <= :upTo GROUP BY 1, 2""";

    /** What was added since: a rowid range ({@code +symbol} keeps SQLite off the symbol index, which would read the whole day). */
    String SUMS_ADDED = """
            SELECT time / :tf * :tf AS "open", long_side AS "longSide", sum(qty) AS "qty", sum(price * qty) AS "notional"
            FROM <table> WHERE seq > :after AND seq <= :upTo AND +symbol = :symbol GROUP BY 1, 2""";

    String FUNDING_EVENTS = """
            SELECT time, rate FROM funding WHERE symbol = :stored AND time >= :from AND time < :to ORDER BY time""";

    @SqlQuery(AT_CANDLES)
    @UseRowMapper(AtCandleMapper.class)
    List<ContextReads.AtCandle> atCandles(@Define("table") String table, @Bind("stored") String stored,
                                          @Bind("from") long from, @Bind("to") long toExclusive,
                                          @Bind("limit") int limit, @Bind("tf") long tfMillis,
                                          @Bind("oiMaxAge") long oiMaxAge, @Bind("fundingMaxAge") long fundingMaxAge);

    @SqlQuery(CONNECTED)
    @UseRowMapper(ConnectedMapper.class)
    List<ContextReads.Connected> connected(@Bind("exchange") String exchange, @Bind("symbol") String symbol,
                                           @Bind("from") long from, @Bind("to") long to);

    @SqlQuery(MAX_SEQS)
    @KeyColumn("name")
    @ValueColumn("seq")
    java.util.Map<String, Long> maxSeqs(@Define("maxes") String maxes);

    @SqlQuery(SUMS_ALL)
    @UseRowMapper(LiquidationSumMapper.class)
    List<ContextReads.LiquidationSum> sumsAll(@Define("table") String table, @Bind("symbol") String symbol,
                                              @Bind("after") long afterSeq, @Bind("upTo") long upToSeq,
                                              @Bind("tf") long tfMillis);

    @SqlQuery(SUMS_ADDED)
    @UseRowMapper(LiquidationSumMapper.class)
    List<ContextReads.LiquidationSum> sumsAdded(@Define("table") String table, @Bind("symbol") String symbol,
                                                @Bind("after") long afterSeq, @Bind("upTo") long upToSeq,
                                                @Bind("tf") long tfMillis);

    @SqlQuery(FUNDING_EVENTS)
    @UseRowMapper(FundingEventMapper.class)
    List<CandleContext.FundingEvent> fundingEvents(@Bind("stored") String stored, @Bind("from") long from,
                                                   @Bind("to") long toExclusive);

    /*
     * The reads of every page's context map by position with mappers made once per method
     * (@UseRowMapper), not with @RegisterConstructorMapper: that registers a constructor mapper
     * factory into a fresh copy of the configuration on every call, so each call found the record's
     * constructor and parsed its annotations again by reflection (a fifth of the Java CPU of a
     * default-configuration page; docs/benchmarks.md, "Readers of the default configuration").
     */

    /** {@link #CONNECTED}: from, to. */
    final class ConnectedMapper implements RowMapper<ContextReads.Connected> {
        @Override
        public ContextReads.Connected map(ResultSet rs, StatementContext ctx) throws SQLException {
            return new ContextReads.Connected(rs.getLong(1), rs.getLong(2));
        }
    }

    /** {@link #SUMS_ALL}, {@link #SUMS_ADDED}: open, longSide, qty, notional. */
    final class LiquidationSumMapper implements RowMapper<ContextReads.LiquidationSum> {
        @Override
        public ContextReads.LiquidationSum map(ResultSet rs, StatementContext ctx) throws SQLException {
            return new ContextReads.LiquidationSum(rs.getLong(1), rs.getLong(2) != 0, rs.getDouble(3), rs.getDouble(4));
        }
    }

    /** {@link #FUNDING_EVENTS}: time, rate. */
    final class FundingEventMapper implements RowMapper<CandleContext.FundingEvent> {
        @Override
        public CandleContext.FundingEvent map(ResultSet rs, StatementContext ctx) throws SQLException {
            return new CandleContext.FundingEvent(rs.getLong(1), rs.getDouble(2));
        }
    }

    /** {@link #SOURCES}: liquidations, openInterest, funding. */
    final class SourcesMapper implements RowMapper<ContextReads.Sources> {
        @Override
        public ContextReads.Sources map(ResultSet rs, StatementContext ctx) throws SQLException {
            return new ContextReads.Sources(rs.getLong(1) != 0, rs.getLong(2) != 0, rs.getLong(3) != 0);
        }
    }

    /**
     * {@link #AT_CANDLES} by position: one row per candle of the page, so a constructor mapper's
     * per-column lookups and boxing were a visible share of a footprint page's CPU.
     */
    final class AtCandleMapper implements RowMapper<ContextReads.AtCandle> {
        @Override
        public ContextReads.AtCandle map(ResultSet rs, StatementContext ctx) throws SQLException {
            return new ContextReads.AtCandle(rs.getLong(1), nullable(rs, 2), nullable(rs, 3), nullable(rs, 4));
        }

        private static Double nullable(ResultSet rs, int column) throws SQLException {
            double v = rs.getDouble(column);
            return rs.wasNull() ? null : v;
        }
    }
}
