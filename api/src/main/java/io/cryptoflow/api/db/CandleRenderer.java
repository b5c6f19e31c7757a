package io.cryptoflow.api.db;

import io.cryptoflow.api.render.JsonBytes;
import io.cryptoflow.api.render.RenderedCandle;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Renders one candle row to the JSON object the API has always served:
 * {@code {"time","open","high","low","close","volume","buyVolume","sellVolume","delta","tradeCount","clusters","closed",
 * "tradesComplete"}}.
 * A NULL column (a value the exchange did not give) is written as {@code null}, never 0.
 *
 * <p>The row must carry the columns of {@link #COLUMNS} in that order. Called only on the current
 * row of a DAO query, from a row mapper ({@link CachedRenderer}): the rendering half of that mapper.
 */
final class CandleRenderer {

    /** The select list every rendering query uses, by position. */
    public static final String COLUMNS = "time, rev, open, high, low, close, volume, buy_volume, sell_volume, delta, "
            + "trade_count, clusters, closed";

    private static final String[] NAMES = {"open", "high", "low", "close", "volume", "buyVolume", "sellVolume",
        "delta"};

    private final JsonBytes out = new JsonBytes(512);

    CandleRenderer() {
    }

    /** Renders the current row; {@code time} and {@code rev} were already read by the caller. */
    public RenderedCandle render(ResultSet rs, long time, long rev) throws SQLException {
        out.reset();
        out.ascii("{\"time\":").number(time);
        for (int i = 0; i < NAMES.length; i++) {
            out.ascii(",\"").ascii(NAMES[i]).ascii("\":");
            double v = rs.getDouble(3 + i);
            if (v == 0 && rs.wasNull()) {
                out.ascii("null");
            } else {
                out.number(v);
            }
        }
        out.ascii(",\"tradeCount\":");
        long trades = rs.getLong(11);
        if (trades == 0 && rs.wasNull()) {
            out.ascii("null");
        } else {
            out.number(trades);
        }
        int clustersFrom = out.length();
        // The stored bytes, not getString: a String decoded from UTF-8 and encoded back made three
        // throw-away copies of each footprint per render, a sixth of what a page of footprint history
        // allocated (docs/benchmarks.md, "Footprint pages allocated their clusters four times").
        byte[] stored = rs.getBytes(12);
        long object = objectBounds(stored);
        out.ascii(",\"clusters\":");
        if (object < 0) {
            out.ascii("null");
        } else {
            out.raw(stored, (int) (object >>> 32), (int) object - (int) (object >>> 32));
        }
        int clustersTo = out.length();
        boolean closed = rs.getInt(13) != 0;
        out.ascii(",\"closed\":").ascii(closed ? "true" : "false");
        // the collector writes no clusters for a candle whose trades it did not see whole
        out.ascii(",\"tradesComplete\":").ascii(object < 0 ? "false" : "true").ascii("}");
        return new RenderedCandle(time, rev, closed, out.toByteArray(), clustersFrom, clustersTo);
    }

    /**
     * Where the stored text's JSON object lies ({@code from << 32 | to}, the JSON whitespace around it
     * left out), or -1 when it is NULL or does not look like one: unknown. NULL is a footprint the
     * collector does not know whole (trades not seen whole, or not collected): {@code null}, never
     * {@code {}}, which says "no trade at any price". The collector validates clusters before
     * writing; the shape guard only keeps one odd row from breaking a whole response.
     */
    static long objectBounds(byte[] stored) {
        if (stored == null) {
            return -1;
        }
        int from = 0;
        int to = stored.length;
        while (from < to && jsonSpace(stored[from])) {
            from++;
        }
        while (to > from && jsonSpace(stored[to - 1])) {
            to--;
        }
        return to - from >= 2 && stored[from] == '{' && stored[to - 1] == '}' ? (long) from << 32 | to : -1;
    }

    private static boolean jsonSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }
}
