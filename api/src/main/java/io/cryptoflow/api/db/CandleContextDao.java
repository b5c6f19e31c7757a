package io.cryptoflow.api.db;

import io.cryptoflow.api.api.CandleContext;
import io.cryptoflow.api.core.ContextReads;
import io.cryptoflow.common.TradePartition;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * The per-candle market context of a candle page (see {@code core/CandleContextReader}), used through
 * {@link CandleContextReads} on the page's handle and read transaction, with the liquidation catalog
 * ({@link LiquidationDao#LIVE_PARTITIONS_OF}). A class over the handle, as {@link CandleDao} is and
 * for the same reason: nothing is attached per page. {@code table} is a candle table from
 * {@code Timeframe.table()}; liquidation partitions are names {@code TradePartition} built or parsed
 * (closed sets), {@code maxes} a UNION ALL over them built by {@link CandleContextReads#maxSeqs}.
 * {@code stored} is the candle tables' market name ({@code EXCHANGE:SYMBOL}, as in open_interest and
 * funding); liquidation partitions and coverage name the exchange and the bare symbol apart.
 */
public final class CandleContextDao {

    static final String SOURCES = """
            SELECT EXISTS (SELECT 1 FROM liquidation_coverage WHERE exchange = :exchange AND symbol = :symbol)
                     AS "liquidations",
                   EXISTS (SELECT 1 FROM open_interest WHERE symbol = :stored) AS "openInterest",
                   EXISTS (SELECT 1 FROM funding WHERE symbol = :stored) AS "funding\"""";

    /**
     * Per candle of the page (the same newest {@code limit} candles the page reads): one index seek into
     * open_interest and one into funding each, so the cost follows the page, not the series' length.
     */
    static final String AT_CANDLES = """
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

    static final String CONNECTED = """
            SELECT from_time AS "from", to_time AS "to" FROM liquidation_coverage
            WHERE exchange = :exchange AND symbol = :symbol AND to_time >= :from AND from_time <= :to
            ORDER BY from_time""";

    /** {@code maxes}: one {@code SELECT '<name>', coalesce(max(seq), 0) FROM <name>} per partition, UNION ALL. */
    static final String MAX_SEQS = "SELECT name, seq FROM (<maxes>)";

    static final String MAX_SEQ = "SELECT '%1$s' AS name, coalesce(max(seq), 0) AS seq FROM %1$s";

    /** A day's sums of one market the first time: through the (symbol, time, seq) index. */
    static final String SUMS_ALL = """
            SELECT time / :tf * :tf AS "open", long_side AS "longSide", sum(qty) AS "qty", sum(price * qty) AS "notional"
            FROM <table> WHERE symbol = :symbol AND seq > :after AND seq <= :upTo GROUP BY 1, 2""";

    /** What was added since: a rowid range ({@code +symbol} keeps SQLite off the symbol index, which would read the whole day). */
    static final String SUMS_ADDED = """
            SELECT time / :tf * :tf AS "open", long_side AS "longSide", sum(qty) AS "qty", sum(price * qty) AS "notional"
            FROM <table> WHERE seq > :after AND seq <= :upTo AND +symbol = :symbol GROUP BY 1, 2""";

    static final String FUNDING_EVENTS = """
            SELECT time, rate FROM funding WHERE symbol = :stored AND time >= :from AND time < :to ORDER BY time""";

    /*
     * Rows are mapped by position with mappers made once, not with @RegisterConstructorMapper as these
     * reads once did: that registered a constructor mapper factory into a fresh copy of the
     * configuration on every call, so each call found the record's constructor and parsed its
     * annotations again by reflection (a fifth of the Java CPU of a default-configuration page;
     * docs/benchmarks.md, "Readers of the default configuration").
     */

    /** {@link #SOURCES}: liquidations, openInterest, funding. */
    private static final RowMapper<ContextReads.Sources> SOURCES_ROW = (rs, ctx) ->
            new ContextReads.Sources(rs.getLong(1) != 0, rs.getLong(2) != 0, rs.getLong(3) != 0);
    /**
     * {@link #AT_CANDLES}: one row per candle of the page, so a constructor mapper's per-column lookups
     * and boxing were a visible share of a footprint page's CPU.
     */
    private static final RowMapper<ContextReads.AtCandle> AT_CANDLE = (rs, ctx) ->
            new ContextReads.AtCandle(rs.getLong(1), nullable(rs, 2), nullable(rs, 3), nullable(rs, 4));
    /** {@link #CONNECTED}: from, to. */
    private static final RowMapper<ContextReads.Connected> CONNECTED_ROW = (rs, ctx) ->
            new ContextReads.Connected(rs.getLong(1), rs.getLong(2));
    /** {@link #SUMS_ALL}, {@link #SUMS_ADDED}: open, longSide, qty, notional. */
    private static final RowMapper<ContextReads.LiquidationSum> LIQUIDATION_SUM = (rs, ctx) ->
            new ContextReads.LiquidationSum(rs.getLong(1), rs.getLong(2) != 0, rs.getDouble(3), rs.getDouble(4));
    /** {@link #FUNDING_EVENTS}: time, rate. */
    private static final RowMapper<CandleContext.FundingEvent> FUNDING_EVENT = (rs, ctx) ->
            new CandleContext.FundingEvent(rs.getLong(1), rs.getDouble(2));

    private final Handle handle;

    CandleContextDao(Handle handle) {
        this.handle = handle;
    }

    /** Which context series the market has. */
    ContextReads.Sources sources(String exchange, String symbol, String stored) {
        return handle.createQuery(SOURCES).bind("exchange", exchange).bind("symbol", symbol).bind("stored", stored)
                .map(SOURCES_ROW).one();
    }

    List<ContextReads.AtCandle> atCandles(String table, String stored, long from, long toExclusive, int limit,
                                          long tfMillis, long oiMaxAge, long fundingMaxAge) {
        return handle.createQuery(AT_CANDLES).define("table", table).bind("stored", stored).bind("from", from)
                .bind("to", toExclusive).bind("limit", limit).bind("tf", tfMillis).bind("oiMaxAge", oiMaxAge)
                .bind("fundingMaxAge", fundingMaxAge).map(AT_CANDLE).list();
    }

    List<ContextReads.Connected> connected(String exchange, String symbol, long from, long to) {
        return handle.createQuery(CONNECTED).bind("exchange", exchange).bind("symbol", symbol).bind("from", from)
                .bind("to", to).map(CONNECTED_ROW).list();
    }

    /** The exchange's live liquidation partitions whose day overlaps [from, to] (inclusive), oldest first. */
    List<TradePartition> partitionsOverlapping(String exchange, long from, long to) {
        List<String> names = handle.createQuery(LiquidationDao.LIVE_PARTITIONS_OF).bind("exchange", exchange)
                .mapTo(String.class).list();
        return LiquidationDao.overlapping(names, from, to);
    }

    /** By partition name, its highest seq (0 when empty). */
    Map<String, Long> maxSeqs(String maxes) {
        Map<String, Long> out = new HashMap<>();
        handle.createQuery(MAX_SEQS).define("maxes", maxes)
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    List<ContextReads.LiquidationSum> sumsAll(String table, String symbol, long afterSeq, long upToSeq, long tfMillis) {
        return sums(SUMS_ALL, table, symbol, afterSeq, upToSeq, tfMillis);
    }

    List<ContextReads.LiquidationSum> sumsAdded(String table, String symbol, long afterSeq, long upToSeq,
                                                long tfMillis) {
        return sums(SUMS_ADDED, table, symbol, afterSeq, upToSeq, tfMillis);
    }

    private List<ContextReads.LiquidationSum> sums(String sql, String table, String symbol, long afterSeq, long upToSeq,
                                                   long tfMillis) {
        return handle.createQuery(sql).define("table", table).bind("symbol", symbol).bind("after", afterSeq)
                .bind("upTo", upToSeq).bind("tf", tfMillis).map(LIQUIDATION_SUM).list();
    }

    List<CandleContext.FundingEvent> fundingEvents(String stored, long from, long toExclusive) {
        return handle.createQuery(FUNDING_EVENTS).bind("stored", stored).bind("from", from).bind("to", toExclusive)
                .map(FUNDING_EVENT).list();
    }

    private static Double nullable(ResultSet rs, int column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }
}
