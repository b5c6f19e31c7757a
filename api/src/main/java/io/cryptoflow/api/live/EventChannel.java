package io.cryptoflow.api.live;

import com.fasterxml.jackson.databind.JsonNode;
import io.cryptoflow.api.core.RequestParams;
import io.cryptoflow.api.core.TradeCursor;
import io.cryptoflow.common.MarketSymbol;

/**
 * The {@code "channel":"trades"} and {@code "channel":"liquidations"} frames of {@code /ws}: parameters as in
 * {@code /api/trades} and {@code /api/liquidations}, bad ones answered by name.
 */
final class EventChannel {

    private EventChannel() {
    }

    static void handle(EventHub hub, LiveClient client, LiveMessages messages, String type, JsonNode msg) {
        MarketSymbol market = RequestParams.market(LiveSocket.text(msg, "exchange"), LiveSocket.text(msg, "symbol"));
        switch (type) {
            case "subscribe" -> {
                String after = LiveSocket.text(msg, "after");
                hub.subscribe(client, market, after == null ? null : parseAfter(after));
            }
            case "unsubscribe" -> hub.unsubscribe(client, market);
            default -> client.send(messages.error("unknown type for the " + LiveSocket.text(msg, "channel")
                    + " channel; expected subscribe or unsubscribe"));
        }
    }

    /** The resume point, same form as the REST cursor ({@code <time>-<id>}, or {@code <time>-<seq>}); a bad one is named {@code after}. */
    private static TradeCursor parseAfter(String after) {
        try {
            return TradeCursor.parse(after);
        } catch (io.cryptoflow.api.core.BadParameterException e) {
            throw new io.cryptoflow.api.core.BadParameterException("after", e.getMessage().substring("cursor: ".length()));
        }
    }
}
