package io.cryptoflow.api.db;

import io.cryptoflow.api.render.RenderCache;
import io.cryptoflow.api.render.RenderedCandle;
import io.cryptoflow.common.Timeframe;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.UseRowMapper;

/** Change detection for live push: the replicated revision and the rows written after a revision. */
public interface ChangeDao {

    String SOURCE_REV = "SELECT source_rev FROM cf_replica WHERE id = 1";

    /** The rendered columns, then the market (column 14): rows of several markets in revision order. */
    String CHANGED_ROWS = "SELECT " + CandleRenderer.COLUMNS + ", symbol" + """

            FROM <table>
            WHERE rev > :after AND rev <= :upTo AND symbol IN (<symbols>)
            ORDER BY rev, time
            LIMIT :limit""";

    /** A changed candle, rendered, together with the market it belongs to. */
    record ChangedCandle(String storedSymbol, RenderedCandle candle) {
    }

    @SqlQuery(SOURCE_REV)
    Optional<Long> sourceRev();

    /**
     * Up to {@code limit} rows of the given markets stamped with a revision in (after, upTo], via
     * the rev index. Each is rendered once and kept in {@code cache}, which the next page read then hits.
     */
    default List<ChangedCandle> changed(Timeframe tf, long after, long upTo, Collection<String> storedSymbols, int limit,
                                        RenderCache cache) {
        return changedIn(tf.table(), new CachedRenderer(cache, tf, null), after, upTo, storedSymbols, limit);
    }

    @SqlQuery(CHANGED_ROWS)
    @UseRowMapper(ChangedCandleMapper.class)
    List<ChangedCandle> changedIn(@Define("table") String table,
                                  @Define(CachedRenderer.ATTRIBUTE) CachedRenderer renderer, @Bind("after") long after,
                                  @Bind("upTo") long upTo, @BindList("symbols") Collection<String> storedSymbols,
                                  @Bind("limit") int limit);

    /** Column 14 names the row's market; the rest goes through the query's {@link CachedRenderer}. */
    final class ChangedCandleMapper implements RowMapper<ChangedCandle> {
        @Override
        public ChangedCandle map(ResultSet rs, StatementContext ctx) throws SQLException {
            return specialize(rs, ctx).map(rs, ctx);
        }

        /** Looks the renderer up once per result set, not once per row. */
        @Override
        public RowMapper<ChangedCandle> specialize(ResultSet rs, StatementContext ctx) {
            CachedRenderer r = CachedRenderer.of(ctx);
            return (row, c) -> {
                String symbol = row.getString(14);
                return new ChangedCandle(symbol, r.of(symbol, row));
            };
        }
    }
}
