package io.cryptoflow.api.db;

import io.cryptoflow.api.core.ContextReads;
import io.cryptoflow.api.core.PageSummary;
import io.cryptoflow.api.render.RenderedCandle;
import io.cryptoflow.common.Timeframe;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.result.ResultIterable;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.UseRowMapper;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/**
 * The candle page queries of /api/candles (and of WebSocket histories): the API's hot path, used
 * through {@link CandlePageReads}, which names the table from {@link Timeframe#table()} only (a
 * closed set, substituted through {@code @Define}). The SQL texts are constants so that
 * {@code QueryPlanTest} explains exactly what runs here. It carries the page's context queries
 * ({@link CandleContextDao}) too: attaching those to the page's handle copied Jdbi's configuration
 * once per page of a market with context (5 % of a random footprint page's CPU in a JFR profile).
 */
public interface CandleDao extends SqlObject, CandleContextDao {

    String REPLICA_STAMP = "SELECT source_rev || ':' || applied_at FROM cf_replica WHERE id = 1";

    String PAGE_SUMMARY = """
            SELECT count(*), min(time), max(time), coalesce(max(rev), -1), coalesce(min(closed), 0),
                   coalesce(sum(time), 0), coalesce(sum(rev), 0)
            FROM (SELECT time, rev, closed FROM <table>
                  WHERE symbol = :symbol AND time >= :from AND time < :to
                  ORDER BY time DESC
                  LIMIT :limit)""";

    String PAGE_ROWS = "SELECT " + CandleRenderer.COLUMNS + """

            FROM <table>
            WHERE symbol = :symbol AND time >= :from AND time < :to
            ORDER BY time DESC
            LIMIT :limit""";

    String HAS_ANY = "SELECT EXISTS (SELECT 1 FROM <table> WHERE symbol = :symbol)";

    /**
     * Per market, the open-time span and highest revision of the rows written after revision {@code after}
     * (rev index): of a candle table, or of open_interest or funding (their sample and event times).
     * {@code GROUP BY +symbol}: grouped by plain {@code symbol}, SQLite walked the (symbol, time) index to
     * get the groups in order and so read every row of the table (35 ms for the 200,000 rows of a
     * 120-day candles_15) on every catch-up, about 20 a second while the replica follows live trades.
     */
    String CHANGED_SERIES = """
            SELECT symbol, min(time), max(time), max(rev) FROM <table>
            WHERE rev > :after
            GROUP BY +symbol""";

    /** The same for deleted rows, per table ({@code tbl} as replicated: a closed set the caller matches). */
    String DELETED_SERIES = """
            SELECT tbl, symbol, min(time), max(time), max(rev) FROM cf_tombstones
            WHERE rev > :after
            GROUP BY tbl, symbol""";

    /** Markets (stored names) whose context series were written after revision {@code after}. */
    String CHANGED_CONTEXT = """
            SELECT symbol FROM open_interest WHERE rev > :after
            UNION SELECT symbol FROM funding WHERE rev > :after
            UNION SELECT exchange || ':' || symbol FROM liquidation_coverage WHERE rev > :after""";

    /** The connected ranges written after {@code after} (every one when {@code after} is -1), by market. */
    String CHANGED_COVERAGE = """
            SELECT exchange || ':' || symbol, from_time, to_time, rev FROM liquidation_coverage
            WHERE rev > :after""";

    /** Every live partition of the catalog (the caller keeps the liquidation ones). */
    String LIVE_PARTITIONS = "SELECT name FROM cf_partitions WHERE dropped = 0";

    /** Per market, the time span of one liquidation partition's events after {@code seq} (a rowid range). */
    String EVENTS_AFTER = """
            SELECT symbol, min(time), max(time), max(seq) FROM <table>
            WHERE seq > :after
            GROUP BY +symbol""";

    /** One series' change: the table ({@code tbl}) is null for {@link #CHANGED_SERIES}, named by the caller. */
    record Changed(String tbl, String symbol, long minTime, long maxTime, long maxRev) {
    }

    @SqlQuery(CHANGED_SERIES)
    @UseRowMapper(ChangedMapper.class)
    List<Changed> changedIn(@Define("table") String table, @Bind("after") long after);

    @SqlQuery(DELETED_SERIES)
    @UseRowMapper(ChangedMapper.class)
    List<Changed> deleted(@Bind("after") long after);

    @SqlQuery(CHANGED_CONTEXT)
    List<String> contextChanged(@Bind("after") long after);

    /** As {@link Changed}: the market, from_time, to_time, rev. */
    @SqlQuery(CHANGED_COVERAGE)
    @UseRowMapper(ChangedMapper.class)
    List<Changed> coverageChanged(@Bind("after") long after);

    @SqlQuery(LIVE_PARTITIONS)
    List<String> livePartitions();

    /** {@code table}: a liquidation partition's name as {@code TradePartition} built it (closed set). */
    @SqlQuery(EVENTS_AFTER)
    @UseRowMapper(ChangedMapper.class)
    List<Changed> eventsAfter(@Define("table") String table, @Bind("after") long afterSeq);

    /** Runs {@code work} in one read transaction: every query in it sees the same WAL snapshot of api.db. */
    @Transaction(readOnly = true) // the connections are read-only from their open flags; sqlite-jdbc cannot switch
    default <R> R inOneSnapshot(Function<CandleDao, R> work) {
        return work.apply(this);
    }

    /** Empty when cf_replica has no row; fails when the table is missing (see {@link CandlePageReads}). */
    @SqlQuery(REPLICA_STAMP)
    Optional<String> replicaStamp();

    @SqlQuery(PAGE_SUMMARY)
    @UseRowMapper(SummaryMapper.class)
    PageSummary summaryIn(@Define("table") String table, @Bind("symbol") String symbol, @Bind("from") long fromInclusive,
                          @Bind("to") long toExclusive, @Bind("limit") int limit);

    /** Newest first, each row rendered (or found) by {@code renderer} while the result set stands on it. */
    @SqlQuery(PAGE_ROWS)
    @UseRowMapper(CachedRenderer.PageRowMapper.class)
    ResultIterable<RenderedCandle> rowsIn(@Define("table") String table,
                                          @Define(CachedRenderer.ATTRIBUTE) CachedRenderer renderer,
                                          @Bind("symbol") String symbol, @Bind("from") long fromInclusive,
                                          @Bind("to") long toExclusive, @Bind("limit") int limit);

    /** Which context series the market has ({@link CandleContextDao#SOURCES}). */
    @SqlQuery(CandleContextDao.SOURCES)
    @UseRowMapper(CandleContextDao.SourcesMapper.class)
    ContextReads.Sources contextSources(@Bind("exchange") String exchange, @Bind("symbol") String symbol,
                                        @Bind("stored") String stored);

    @SqlQuery(HAS_ANY)
    boolean hasAnyIn(@Define("table") String table, @Bind("symbol") String symbol);

    /** The market's configured timeframes as stored ({@link CatalogDao#CONFIGURED_TIMEFRAMES}). */
    @SqlQuery(CatalogDao.CONFIGURED_TIMEFRAMES)
    java.util.Optional<String> configuredTimeframesOf(@Bind("symbol") String symbol);

    /** By position: four columns ({@link #CHANGED_SERIES}) or five with the table first ({@link #DELETED_SERIES}). */
    final class ChangedMapper implements RowMapper<Changed> {
        @Override
        public Changed map(ResultSet rs, StatementContext ctx) throws SQLException {
            int o = rs.getMetaData().getColumnCount() == 5 ? 1 : 0;
            return new Changed(o == 1 ? rs.getString(1) : null, rs.getString(1 + o), rs.getLong(2 + o),
                    rs.getLong(3 + o), rs.getLong(4 + o));
        }
    }

    /** By position; {@code oldest}/{@code newest} are null for an empty range. */
    final class SummaryMapper implements RowMapper<PageSummary> {
        @Override
        public PageSummary map(ResultSet rs, StatementContext ctx) throws SQLException {
            int rows = rs.getInt(1);
            return new PageSummary(rows, rows == 0 ? null : rs.getLong(2), rows == 0 ? null : rs.getLong(3),
                    rs.getLong(4), rs.getInt(5), rs.getLong(6), rs.getLong(7));
        }
    }
}
