package io.cryptoflow.api.api;

import io.cryptoflow.api.render.RenderedCandle;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The {@code /api/candles} answer (the old tool's shape):
 * {@code {"candles":[...],"exchange","symbol","oldestTime","hasMore"}}. It holds the candles'
 * rendered JSON (shared with the render cache, never copied) and streams it to the socket.
 *
 * @param candles  oldest first
 * @param hasMore  true when older candles exist inside the requested range
 */
public record CandlePage(List<RenderedCandle> candles, String exchange, String symbol, boolean hasMore) {

    /** Time of the first (oldest) candle, null when there are none: the next page's {@code before}. */
    public Long oldestTime() {
        return candles.isEmpty() ? null : candles.get(0).time();
    }

    /** The JSON body; {@code clusters=false} leaves each candle's {@code clusters} member out. */
    public StreamingOutput body(boolean clusters) {
        byte[] head = "{\"candles\":[".getBytes(StandardCharsets.US_ASCII);
        byte[] tail = tail().getBytes(StandardCharsets.US_ASCII);
        return out -> {
            OutputStream o = new BufferedOutputStream(out, 32 * 1024);
            o.write(head);
            for (int i = 0; i < candles.size(); i++) {
                if (i > 0) {
                    o.write(',');
                }
                candles.get(i).writeTo(o, clusters);
            }
            o.write(tail);
            o.flush();
        };
    }

    /** Exact body size of {@link #body}: sent as Content-Length so caches and clients need no chunking. */
    public long contentLength(boolean clusters) {
        long n = "{\"candles\":[".length() + tail().length() + Math.max(0, candles.size() - 1);
        for (RenderedCandle c : candles) {
            n += c.size(clusters);
        }
        return n;
    }

    /** exchange and symbol are validated identifiers (letters, digits, '_'): no escaping needed. */
    private String tail() {
        Long oldest = oldestTime();
        return "],\"exchange\":\"" + exchange + "\",\"symbol\":\"" + symbol + "\",\"oldestTime\":"
                + (oldest == null ? "null" : oldest.toString()) + ",\"hasMore\":" + hasMore + "}";
    }
}
