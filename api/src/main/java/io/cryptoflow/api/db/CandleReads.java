package io.cryptoflow.api.db;

import io.cryptoflow.api.core.PageSummary;
import io.cryptoflow.api.render.CandleRenderer;
import io.cryptoflow.api.render.RenderCache;
import io.cryptoflow.api.render.RenderedCandle;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.Timeframe;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The candle page queries on one raw JDBC connection: the API's hot path. Measured with a JFR
 * profile, Jdbi's per-call machinery (handle and config copies, SqlObject handler lookup, template
 * parsing) cost about a millisecond of CPU per request, several times the SQLite work of an
 * unchanged page; these three statements are the same SQL as {@link CandleDao} without it. Table
 * names come from {@link Timeframe#table()} only.
 */
public final class CandleReads {

    private final Connection c;

    CandleReads(Connection c) {
        this.c = c;
    }

    /** cf_replica's "source_rev:applied_at", changed by every apply and snapshot; null when absent. */
    public String replicaStamp() throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT source_rev || ':' || applied_at FROM cf_replica WHERE id = 1");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            return null; // no cf_replica (between a snapshot and its stamp): the summary path decides
        }
    }

    /** The newest {@code limit} rows of a range summed up inside SQLite: one result row, no page column crosses JNI. */
    public PageSummary summary(Timeframe tf, MarketSymbol market, long from, long to, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT count(*), min(time), max(time), coalesce(max(rev), -1), coalesce(min(closed), 0)
                FROM (SELECT time, rev, closed FROM %s
                      WHERE symbol = ? AND time >= ? AND time < ?
                      ORDER BY time DESC
                      LIMIT ?)""".formatted(tf.table()))) {
            bindRange(ps, market, from, to, limit);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                int rows = rs.getInt(1);
                return new PageSummary(rows, rows == 0 ? null : rs.getLong(2), rows == 0 ? null : rs.getLong(3),
                        rs.getLong(4), rs.getInt(5));
            }
        }
    }

    /** Newest first; only rows whose revision the cache lacks cross JNI beyond time and rev. */
    public List<RenderedCandle> rendered(Timeframe tf, MarketSymbol market, long from, long to, int limit,
                                         RenderCache cache) throws SQLException {
        String symbol = market.stored();
        List<RenderedCandle> out = new ArrayList<>(Math.min(limit, 5000));
        CandleRenderer renderer = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT " + CandleRenderer.COLUMNS + " FROM " + tf.table()
                + " WHERE symbol = ? AND time >= ? AND time < ? ORDER BY time DESC LIMIT ?")) {
            bindRange(ps, market, from, to, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long time = rs.getLong(1);
                    long rev = rs.getLong(2);
                    RenderedCandle r = cache.get(tf, symbol, time, rev);
                    if (r == null) {
                        renderer = renderer == null ? new CandleRenderer() : renderer;
                        r = renderer.render(rs, time, rev);
                        cache.put(tf, symbol, r);
                    }
                    out.add(r);
                }
            }
        }
        return out;
    }

    public boolean hasAny(Timeframe tf, MarketSymbol market) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT EXISTS (SELECT 1 FROM " + tf.table() + " WHERE symbol = ?)")) {
            ps.setString(1, market.stored());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getInt(1) == 1;
            }
        }
    }

    private static void bindRange(PreparedStatement ps, MarketSymbol market, long from, long to, int limit)
            throws SQLException {
        ps.setString(1, market.stored());
        ps.setLong(2, from);
        ps.setLong(3, to);
        ps.setInt(4, limit);
    }
}
