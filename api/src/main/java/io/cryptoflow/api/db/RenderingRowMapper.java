package io.cryptoflow.api.db;

import io.cryptoflow.api.render.CandleRenderer;
import io.cryptoflow.api.render.RenderCache;
import io.cryptoflow.api.render.RenderedCandle;
import io.cryptoflow.common.Timeframe;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Maps rows selected with {@link CandleRenderer#COLUMNS} of one market and timeframe. Only
 * {@code time} and {@code rev} are read for a candle already rendered from that revision; the
 * other eleven columns cross JNI only for a row the cache does not hold.
 */
public final class RenderingRowMapper implements RowMapper<RenderedCandle> {

    private final RenderCache cache;
    private final Timeframe tf;
    private final String storedSymbol;
    private final CandleRenderer renderer = new CandleRenderer();

    public RenderingRowMapper(RenderCache cache, Timeframe tf, String storedSymbol) {
        this.cache = cache;
        this.tf = tf;
        this.storedSymbol = storedSymbol;
    }

    @Override
    public RenderedCandle map(ResultSet rs, StatementContext ctx) throws SQLException {
        long time = rs.getLong(1);
        long rev = rs.getLong(2);
        RenderedCandle cached = cache.get(tf, storedSymbol, time, rev);
        if (cached != null) {
            return cached;
        }
        RenderedCandle fresh = renderer.render(rs, time, rev);
        cache.put(tf, storedSymbol, fresh);
        return fresh;
    }
}
