package io.cryptoflow.api.db;

import io.cryptoflow.api.render.CandleRenderer;
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

/** Change detection for live push: the replicated revision and the rows written after a revision. */
public interface ChangeDao {

    /** A changed candle, rendered, together with the market it belongs to. */
    record ChangedCandle(String storedSymbol, RenderedCandle candle) {
    }

    @SqlQuery("SELECT source_rev FROM cf_replica WHERE id = 1")
    Optional<Long> sourceRev();

    /** Up to {@code limit} rows of the given markets stamped with a revision in (after, upTo], via the rev index. */
    default List<ChangedCandle> changed(Timeframe tf, long after, long upTo, Collection<String> storedSymbols,
                                        int limit) {
        return changedIn(tf.table(), after, upTo, storedSymbols, limit);
    }

    /** Rows are rendered by the {@link ChangedCandleMapper} registered on the handle (it holds the render cache). */
    @SqlQuery("SELECT " + CandleRenderer.COLUMNS + ", symbol" + """
             FROM <table>
            WHERE rev > :after AND rev <= :upTo AND symbol IN (<symbols>)
            ORDER BY rev, time
            LIMIT :limit""")
    List<ChangedCandle> changedIn(@Define("table") String table, @Bind("after") long after, @Bind("upTo") long upTo,
                                  @BindList("symbols") Collection<String> storedSymbols, @Bind("limit") int limit);

    /** Renders each changed row once and keeps it in the render cache, which the next page read then hits. */
    final class ChangedCandleMapper implements RowMapper<ChangedCandle> {
        private final RenderCache cache;
        private final Timeframe tf;
        private final CandleRenderer renderer = new CandleRenderer();

        public ChangedCandleMapper(RenderCache cache, Timeframe tf) {
            this.cache = cache;
            this.tf = tf;
        }

        @Override
        public ChangedCandle map(ResultSet rs, StatementContext ctx) throws SQLException {
            String symbol = rs.getString(14);
            long time = rs.getLong(1);
            long rev = rs.getLong(2);
            RenderedCandle c = cache.get(tf, symbol, time, rev);
            if (c == null) {
                c = renderer.render(rs, time, rev);
                cache.put(tf, symbol, c);
            }
            return new ChangedCandle(symbol, c);
        }
    }
}
