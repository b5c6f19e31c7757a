package io.cryptoflow.api.db;

import io.cryptoflow.api.render.RenderCache;
import io.cryptoflow.api.render.RenderedCandle;
import io.cryptoflow.common.Timeframe;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Renders the rows of one timeframe's rendering queries (select list {@link CandleRenderer#COLUMNS})
 * through the {@link RenderCache}: a row rendered before from the same revision is taken from it
 * after reading only {@code time} and {@code rev} (two columns across JNI instead of thirteen), any
 * other is rendered, and kept when it is still open (forming): page re-checks and live pushes share
 * those renderings, and closed candles are kept packed by {@code render/ClosedCandles}.
 *
 * <p>A DAO method hands its instance to the query as the statement attribute {@link #ATTRIBUTE}
 * ({@code @Define}), where this package's row mappers find it: SqlObject registers mappers by class,
 * and this one needs the request's cache and timeframe.
 */
public final class CachedRenderer {

    /** The statement attribute holding the instance for the row mappers. */
    static final String ATTRIBUTE = "cachedRenderer";

    private final RenderCache cache;
    private final Timeframe tf;
    private final String storedSymbol;
    private CandleRenderer renderer;

    /** @param storedSymbol the market of every row (a page), or null when each row names its own */
    CachedRenderer(RenderCache cache, Timeframe tf, String storedSymbol) {
        this.cache = cache;
        this.tf = tf;
        this.storedSymbol = storedSymbol;
    }

    /** Renders (or finds) the row the result set stands on. */
    RenderedCandle of(String storedSymbol, ResultSet rs) throws SQLException {
        long time = rs.getLong(1);
        long rev = rs.getLong(2);
        RenderedCandle r = cache.get(tf, storedSymbol, time, rev);
        if (r == null) {
            renderer = renderer == null ? new CandleRenderer() : renderer;
            r = renderer.render(rs, time, rev);
            if (!r.closed()) {
                // A closed candle is kept packed by render/ClosedCandles, which every page read offers it
                // to; kept here too, it only churned this cache: random footprint pages found 4 % of
                // their rows here, at 8.7 % of their CPU in Caffeine's put (docs/benchmarks.md, stop 34).
                cache.put(tf, storedSymbol, r);
            }
        }
        return r;
    }

    static CachedRenderer of(StatementContext ctx) {
        return (CachedRenderer) ctx.getAttribute(ATTRIBUTE);
    }

    /** The rows of a page: all of the market the renderer was made for. */
    public static final class PageRowMapper implements RowMapper<RenderedCandle> {
        @Override
        public RenderedCandle map(ResultSet rs, StatementContext ctx) throws SQLException {
            return specialize(rs, ctx).map(rs, ctx);
        }

        /** Looks the renderer up once per result set, not once per row. */
        @Override
        public RowMapper<RenderedCandle> specialize(ResultSet rs, StatementContext ctx) {
            CachedRenderer r = of(ctx);
            return (row, c) -> r.of(r.storedSymbol, row);
        }
    }
}
