package io.cryptoflow.api.resources;

import io.cryptoflow.api.api.Gzip;
import io.cryptoflow.api.core.TradeCursor;
import io.cryptoflow.api.core.TradeReader;
import io.cryptoflow.api.render.JsonBytes;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;

/**
 * A {@code /api/trades} body written while the rows stream: bytes gather in one buffer and go to
 * the socket every {@value #FLUSH_BYTES} bytes, so a day of trades never sits in memory.
 *
 * <p>JSON: {@code {"exchange","symbol","from","to","window":{"from","to"},"missing":[{"from","to","reason"}],
 * "columns":["time","id","price","qty","side"],"trades":[[time,id,price,qty,"buy"|"sell"],...],"next":cursor|null}};
 * side = the taker's side. CSV: a {@code time,id,price,qty,side} header row, then one row per trade
 * (plain decimals); the window and missing ranges travel in response headers, and the next page's
 * cursor is the last row's {@code <time>-<id>}. A configured market none of whose trades reached api.db yet:
 * {@code "window":null}, no trades and {@code "collecting":true} at the end (CSV: the header row only).
 */
public final class TradeBody implements TradeReader.Output {

    public static final String COLUMNS = "time,id,price,qty,side";
    private static final int FLUSH_BYTES = 64 * 1024;
    private static final byte[] BUY = "\"buy\"]".getBytes();
    private static final byte[] SELL = "\"sell\"]".getBytes();

    private final OutputStream out;
    private final GZIPOutputStream gzip;
    private final boolean csv;
    private boolean collecting;
    private final JsonBytes buf = new JsonBytes(FLUSH_BYTES + 256);
    private boolean first = true;

    private TradeBody(OutputStream socket, boolean gzip, boolean csv) throws IOException {
        this.gzip = gzip ? Gzip.stream(socket) : null;
        this.out = gzip ? this.gzip : socket;
        this.csv = csv;
    }

    /** Opens a body and writes its head (everything before the first trade). */
    public static TradeBody open(OutputStream socket, boolean gzip, TradeReader.Plan plan) throws IOException {
        TradeBody b = new TradeBody(socket, gzip, plan.query().csv());
        b.collecting = plan.collecting();
        b.head(plan);
        return b;
    }

    private void head(TradeReader.Plan plan) {
        if (csv) {
            buf.ascii(COLUMNS).ascii("\n");
            return;
        }
        var q = plan.query();
        buf.ascii("{\"exchange\":\"").ascii(q.market().exchange()).ascii("\",\"symbol\":\"").ascii(q.market().symbol())
                .ascii("\",\"from\":").number(q.from()).ascii(",\"to\":").number(q.to())
                .ascii(",\"window\":");
        if (plan.windowFrom() == null) {
            buf.ascii("null");
        } else {
            buf.ascii("{\"from\":").number(plan.windowFrom()).ascii(",\"to\":").number(plan.windowTo()).ascii("}");
        }
        buf.ascii(",\"missing\":[");
        boolean firstMissing = true;
        for (TradeReader.Missing m : plan.missing()) {
            buf.ascii(firstMissing ? "" : ",").ascii("{\"from\":").number(m.from()).ascii(",\"to\":").number(m.to())
                    .ascii(",\"reason\":\"").ascii(m.reason()).ascii("\"}");
            firstMissing = false;
        }
        buf.ascii("],\"columns\":[\"time\",\"id\",\"price\",\"qty\",\"side\"],\"trades\":[");
    }

    @Override
    public void trade(long time, long id, double price, double qty, boolean buyerMaker) {
        if (csv) {
            buf.number(time).ascii(",").number(id).ascii(",").number(price).ascii(",").number(qty)
                    .ascii(buyerMaker ? ",sell\n" : ",buy\n");
        } else {
            buf.ascii(first ? "[" : ",[").number(time).ascii(",").number(id).ascii(",").number(price).ascii(",")
                    .number(qty).ascii(",").raw(buyerMaker ? SELL : BUY);
        }
        first = false;
        if (buf.length() >= FLUSH_BYTES) {
            drain();
        }
    }

    @Override
    public void end(TradeCursor next) {
        if (!csv) {
            buf.ascii("],\"next\":").ascii(next == null ? "null" : "\"" + next + "\"")
                    .ascii(collecting ? ",\"collecting\":true}" : "}");
        }
        drain();
        try {
            if (gzip != null) {
                gzip.finish();
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void drain() {
        try {
            out.write(buf.array(), 0, buf.length());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        buf.reset();
    }
}
