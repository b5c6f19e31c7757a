package io.cryptoflow.api.live;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Meter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptoflow.api.core.BadParameterException;
import io.cryptoflow.api.core.RequestParams;
import io.cryptoflow.common.Timeframe;
import java.io.IOException;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code /ws} connection speaking the old tool's protocol:
 * {@code {"type":"subscribe","symbol":"btcusdt","exchange":"binance","tf":15}} and
 * {@code {"type":"unsubscribe",...}}, plus the stored-event channels ({@code "channel":"trades"} and
 * {@code "channel":"liquidations"}, {@link EventChannel}). Bad frames get a {@code {"type":"error","message":...}} reply;
 * frames above the configured size are closed by Jetty with 1009.
 */
public class LiveSocket implements Session.Listener.AutoDemanding {

    private static final Logger LOG = LoggerFactory.getLogger(LiveSocket.class);

    private final LiveHub hub;
    private final EventHub trades;
    private final EventHub liquidations;
    private final DepthHub depth;
    private final LiveMessages messages;
    private final ObjectMapper json;
    private final long maxPendingBytes;
    private final Meter droppedSlow;
    private final Counter connections;
    private LiveClient client;

    public LiveSocket(LiveHub hub, EventHub trades, EventHub liquidations, DepthHub depth, LiveMessages messages,
                      ObjectMapper json, long maxPendingBytes, Meter droppedSlow, Counter connections) {
        this.hub = hub;
        this.trades = trades;
        this.liquidations = liquidations;
        this.depth = depth;
        this.messages = messages;
        this.json = json;
        this.maxPendingBytes = maxPendingBytes;
        this.droppedSlow = droppedSlow;
        this.connections = connections;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        client = new LiveClient(session, maxPendingBytes, droppedSlow);
        connections.inc();
    }

    @Override
    public void onWebSocketText(String text) {
        JsonNode msg;
        try {
            msg = json.readTree(text);
        } catch (IOException e) {
            client.send(messages.error("invalid JSON; send {\"type\":\"subscribe\",\"symbol\":\"btcusdt\","
                    + "\"exchange\":\"binance\",\"tf\":15}"));
            return;
        }
        if (msg == null || !msg.isObject()) {
            client.send(messages.error("a message must be a JSON object with a \"type\""));
            return;
        }
        String type = msg.path("type").asText("");
        try {
            String channel = text(msg, "channel");
            if ("trades".equals(channel) || "liquidations".equals(channel)) {
                EventChannel.handle("trades".equals(channel) ? trades : liquidations, client, messages, type, msg);
                return;
            }
            if ("depth".equals(channel)) {
                depthFrame(type, msg);
                return;
            }
            if (channel != null && !"candles".equals(channel)) {
                throw new BadParameterException("channel", "must be candles (or absent), trades, liquidations or depth, got '"
                        + RequestParams.printable(channel) + "'");
            }
            switch (type) {
                case "subscribe" -> hub.subscribe(client, subscription(msg));
                case "unsubscribe" -> hub.unsubscribe(client, subscription(msg));
                default -> client.send(messages.error("unknown type '" + abbreviate(type)
                        + "'; expected subscribe or unsubscribe"));
            }
        } catch (BadParameterException e) {
            client.send(messages.error(e.getMessage()));
        }
    }

    /** The depth channel: {@code subscribe} / {@code unsubscribe} with exchange and symbol, as /api/depth names them. */
    private void depthFrame(String type, JsonNode msg) {
        var market = RequestParams.market(text(msg, "exchange"), text(msg, "symbol"));
        switch (type) {
            case "subscribe" -> depth.subscribe(client, market);
            case "unsubscribe" -> depth.unsubscribe(client, market);
            default -> client.send(messages.error("unknown type for the depth channel; expected subscribe or unsubscribe"));
        }
    }

    private static Subscription subscription(JsonNode msg) {
        return new Subscription(
                RequestParams.market(text(msg, "exchange"), text(msg, "symbol")),
                RequestParams.timeframe(text(msg, "tf"), Timeframe.M15));
    }

    static String text(JsonNode msg, String field) {
        JsonNode v = msg.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isValueNode()) {
            throw new BadParameterException(field, "must be a string or number");
        }
        return v.asText();
    }

    private static String abbreviate(String s) {
        return s.length() > 30 ? s.substring(0, 30) + "..." : s;
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        if (client != null) {
            hub.remove(client);
            trades.remove(client);
            liquidations.remove(client);
            depth.remove(client);
            connections.dec();
        }
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.debug("WebSocket error: {}", cause.toString());
    }
}
