package io.cryptoflow.api.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptoflow.api.api.CandlePage;
import io.cryptoflow.api.render.JsonBytes;
import io.cryptoflow.api.render.RenderedCandle;
import java.nio.charset.StandardCharsets;

/** The JSON frames of the {@code /ws} protocol (the old tool's names and fields). */
public final class LiveMessages {

    record Ack(String type, String symbol, int tf) {
    }

    record Error(String type, String message) {
    }

    private final ObjectMapper json;

    public LiveMessages(ObjectMapper json) {
        this.json = json;
    }

    /**
     * {@code {"type":"history","symbol","exchange","tf","candles":[...],"oldestTime","hasMore"}}, the
     * candles copied from their rendered JSON (the same bytes /api/candles serves). Symbols are
     * validated identifiers and need no escaping.
     */
    public String history(Subscription s, CandlePage page) {
        int size = 128;
        for (int i = 0; i < page.candles().size(); i++) {
            size += page.candleSize(i, true) + 1;
        }
        JsonBytes out = new JsonBytes(size);
        out.ascii("{\"type\":\"history\",\"symbol\":\"").ascii(s.storedSymbol())
                .ascii("\",\"exchange\":\"").ascii(s.market().exchange())
                .ascii("\",\"tf\":").number(s.tf().minutes()).ascii(",\"candles\":[");
        for (int i = 0; i < page.candles().size(); i++) {
            if (i > 0) {
                out.ascii(",");
            }
            page.writeCandle(i, out, true);
        }
        Long oldest = page.oldestTime();
        out.ascii("],\"oldestTime\":").ascii(oldest == null ? "null" : oldest.toString())
                .ascii(",\"hasMore\":").ascii(page.hasMore() ? "true" : "false")
                .ascii(page.collecting() ? ",\"collecting\":true}" : "}");
        return new String(out.array(), 0, out.length(), StandardCharsets.UTF_8);
    }

    /**
     * {@code {"type":"candle","symbol","tf","candle":{...}}} around the candle's rendered JSON with its
     * market context members ({@code context}, as {@code CandleContext.fragment} gives them).
     */
    public String candle(Subscription s, RenderedCandle candle, byte[] context) {
        JsonBytes out = new JsonBytes(candle.size(true) + context.length + 64);
        out.ascii("{\"type\":\"candle\",\"symbol\":\"").ascii(s.storedSymbol())
                .ascii("\",\"tf\":").number(s.tf().minutes()).ascii(",\"candle\":");
        candle.writeTo(out, true, context);
        out.ascii("}");
        return new String(out.array(), 0, out.length(), StandardCharsets.UTF_8);
    }

    public String unsubscribed(Subscription s) {
        return write(new Ack("unsubscribed", s.storedSymbol(), s.tf().minutes()));
    }

    public String error(String message) {
        return write(new Error("error", message));
    }

    private String write(Object message) {
        try {
            return json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + message.getClass().getSimpleName(), e);
        }
    }
}
