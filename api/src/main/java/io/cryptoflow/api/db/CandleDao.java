package io.cryptoflow.api.db;

import io.cryptoflow.api.core.PageSummary;
import io.cryptoflow.api.render.RenderedCandle;
import io.cryptoflow.common.Timeframe;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.result.ResultIterable;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The candle page queries of /api/candles (and of WebSocket histories): the API's hot path, used
 * through {@link CandlePageReads}, which names the table from {@link Timeframe#table()} only (a
 * closed set, substituted as the statement's {@code <table>} attribute). The SQL texts are constants so that
 * {@code QueryPlanTest} explains exactly what runs here.
 *
 * <p>A class over the read's {@link Handle} rather than a SqlObject interface, as is
 * {@link CandleContextDao}: Jdbi attaches a SqlObject by building, for every method of the interface
 * (21 here with the context queries), an invoker with its own copy of the configuration and its
 * result handling warmed, on every attach, i.e. on every page read, although a page runs about
 * eight of them. That attach was 18 % of the Java CPU of a default-configuration page
 * (docs/benchmarks.md, "Readers of the default configuration"). Each statement here costs only
 * what a SqlObject call costs after the attach: one Query on the handle.
 */
public final class CandleDao {

    static final String REPLICA_STAMP = "SELECT source_rev || ':' || applied_at FROM cf_replica WHERE id = 1";

    static final String PAGE_SUMMARY = """
            SELECT count(*), min(time), max(time), coalesce(max(rev), -1), coalesce(min(closed), 0),
                   coalesce(sum(time), 0), coalesce(sum(rev), 0)
            FROM (SELECT time, rev, closed FROM <table>
                  WHERE symbol = :symbol AND time >= :from AND time < :to
                  ORDER BY time DESC
                  LIMIT :limit)""";

    static final String PAGE_ROWS = "SELECT " + CandleRenderer.COLUMNS + """

            FROM <table>
            WHERE symbol = :symbol AND time >= :from AND time < :to
            ORDER BY time DESC
            LIMIT :limit""";

    static final String HAS_ANY = "SELECT EXISTS (SELECT 1 FROM <table> WHERE symbol = :symbol)";

    /**
     * Per market, the open-time span and highest revision of the rows written after revision {@code after}
     * (rev index): of a candle table, or of open_interest or funding (their sample and event times).
     * {@code GROUP BY +symbol}: grouped by plain {@code symbol}, SQLite walked the (symbol, time) index to
     * get the groups in order and so read every row of the table (35 ms for the 200,000 rows of a
     * 120-day candles_15) on every catch-up, about 20 a second while the replica follows live trades.
     */
    static final String CHANGED_SERIES = """
            SELECT symbol, min(time), max(time), max(rev) FROM <table>
            WHERE rev > :after
            GROUP BY +symbol""";

    /** The same for deleted rows, per table ({@code tbl} as replicated: a closed set the caller matches). */
    static final String DELETED_SERIES = """
            SELECT tbl, symbol, min(time), max(time), max(rev) FROM cf_tombstones
            WHERE rev > :after
            GROUP BY tbl, symbol""";

    /** Markets (stored names) whose context series were written after revision {@code after}. */
    static final String CHANGED_CONTEXT = """
            SELECT symbol FROM open_interest WHERE rev > :after
            UNION SELECT symbol FROM funding WHERE rev > :after
            UNION SELECT exchange || ':' || symbol FROM liquidation_coverage WHERE rev > :after""";

    /** The connected ranges written after {@code after} (every one when {@code after} is -1), by market. */
    static final String CHANGED_COVERAGE = """
            SELECT exchange || ':' || symbol, from_time, to_time, rev FROM liquidation_coverage
            WHERE rev > :after""";

    /** Every live partition of the catalog (the caller keeps the liquidation ones). */
    static final String LIVE_PARTITIONS = "SELECT name FROM cf_partitions WHERE dropped = 0";

    /** Per market, the time span of one liquidation partition's events after {@code seq} (a rowid range). */
    static final String EVENTS_AFTER = """
            SELECT symbol, min(time), max(time), max(seq) FROM <table>
            WHERE seq > :after
            GROUP BY +symbol""";

    /** One series' change: the table ({@code tbl}) is null for {@link #CHANGED_SERIES}, named by the caller. */
    record Changed(String tbl, String symbol, long minTime, long maxTime, long maxRev) {
    }

    private static final RowMapper<Changed> CHANGED = new ChangedMapper();
    private static final RowMapper<PageSummary> SUMMARY = new SummaryMapper();
    private static final RowMapper<RenderedCandle> PAGE_ROW = new CachedRenderer.PageRowMapper();

    private final Handle handle;

    /** @param handle the read's handle, in the transaction whose WAL snapshot every statement reads */
    CandleDao(Handle handle) {
        this.handle = handle;
    }

    List<Changed> changedIn(String table, long after) {
        return handle.createQuery(CHANGED_SERIES).define("table", table).bind("after", after).map(CHANGED).list();
    }

    List<Changed> deleted(long after) {
        return handle.createQuery(DELETED_SERIES).bind("after", after).map(CHANGED).list();
    }

    List<String> contextChanged(long after) {
        return handle.createQuery(CHANGED_CONTEXT).bind("after", after).mapTo(String.class).list();
    }

    /** As {@link Changed}: the market, from_time, to_time, rev. */
    List<Changed> coverageChanged(long after) {
        return handle.createQuery(CHANGED_COVERAGE).bind("after", after).map(CHANGED).list();
    }

    List<String> livePartitions() {
        return handle.createQuery(LIVE_PARTITIONS).mapTo(String.class).list();
    }

    /** {@code table}: a liquidation partition's name as {@code TradePartition} built it (closed set). */
    List<Changed> eventsAfter(String table, long afterSeq) {
        return handle.createQuery(EVENTS_AFTER).define("table", table).bind("after", afterSeq).map(CHANGED).list();
    }

    /** Empty when cf_replica has no row; fails when the table is missing (see {@link CandlePageReads}). */
    Optional<String> replicaStamp() {
        return handle.createQuery(REPLICA_STAMP).mapTo(String.class).findOne();
    }

    PageSummary summaryIn(String table, String symbol, long fromInclusive, long toExclusive, int limit) {
        return handle.createQuery(PAGE_SUMMARY).define("table", table).bind("symbol", symbol)
                .bind("from", fromInclusive).bind("to", toExclusive).bind("limit", limit).map(SUMMARY).one();
    }

    /** Newest first, each row rendered (or found) by {@code renderer} while the result set stands on it. */
    ResultIterable<RenderedCandle> rowsIn(String table, CachedRenderer renderer, String symbol, long fromInclusive,
                                          long toExclusive, int limit) {
        return handle.createQuery(PAGE_ROWS).define("table", table).define(CachedRenderer.ATTRIBUTE, renderer)
                .bind("symbol", symbol).bind("from", fromInclusive).bind("to", toExclusive).bind("limit", limit)
                .map(PAGE_ROW);
    }

    boolean hasAnyIn(String table, String symbol) {
        return handle.createQuery(HAS_ANY).define("table", table).bind("symbol", symbol).mapTo(boolean.class).one();
    }

    /** The market's configured timeframes as stored ({@link CatalogDao#CONFIGURED_TIMEFRAMES}). */
    Optional<String> configuredTimeframesOf(String symbol) {
        return handle.createQuery(CatalogDao.CONFIGURED_TIMEFRAMES).bind("symbol", symbol).mapTo(String.class).findOne();
    }

    /** By position: four columns ({@link #CHANGED_SERIES}) or five with the table first ({@link #DELETED_SERIES}). */
    static final class ChangedMapper implements RowMapper<Changed> {
        @Override
        public Changed map(ResultSet rs, StatementContext ctx) throws SQLException {
            int o = rs.getMetaData().getColumnCount() == 5 ? 1 : 0;
            return new Changed(o == 1 ? rs.getString(1) : null, rs.getString(1 + o), rs.getLong(2 + o),
                    rs.getLong(3 + o), rs.getLong(4 + o));
        }
    }

    /** By position; {@code oldest}/{@code newest} are null for an empty range. */
    static final class SummaryMapper implements RowMapper<PageSummary> {
        @Override
        public PageSummary map(ResultSet rs, StatementContext ctx) throws SQLException {
            int rows = rs.getInt(1);
            return new PageSummary(rows, rows == 0 ? null : rs.getLong(2), rows == 0 ? null : rs.getLong(3),
                    rs.getLong(4), rs.getInt(5), rs.getLong(6), rs.getLong(7));
        }
    }
}
