package io.cryptoflow.collector.exchange.bybit;

import com.fasterxml.jackson.databind.JsonNode;
import io.cryptoflow.collector.exchange.DepthLevels;
import io.cryptoflow.collector.exchange.DepthProtocol;
import io.cryptoflow.collector.exchange.JsonTrades;
import io.cryptoflow.collector.exchange.MalformedTradeException;
import io.cryptoflow.collector.exchange.book.BookSync;
import io.cryptoflow.collector.exchange.book.DepthUpdate;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Bybit v5 public "Orderbook" topic {@code orderbook.200.<SYMBOL>} (200 levels, pushed every 100 ms on
 * linear): {@code {"topic","type":"snapshot"|"delta","ts","data":{"s","b":[[price,size]],"a":[..],"u",
 * "seq"},"cts"}}; size 0 removes a level. The snapshot comes in the stream (no REST snapshot), so a
 * resync is an unsubscribe and subscribe of the topic. Sequencing in {@link BybitBookSync}.
 */
public final class BybitDepthProtocol implements DepthProtocol {

    /** Levels per side of the subscribed book (linear offers 1, 50, 200, 500). */
    static final int DEPTH = 200;
    private static final String TOPIC = "orderbook." + DEPTH + ".";

    @Override
    public URI streamUri(String wsBase, List<String> symbols) {
        return URI.create(wsBase);
    }

    @Override
    public List<String> subscriptions(List<String> symbols) {
        return BybitTradeProtocol.subscribeFrames(TOPIC, symbols);
    }

    @Override
    public List<String> resubscribe(String symbol) {
        String topic = TOPIC + symbol.toUpperCase(Locale.ROOT);
        return List.of("{\"op\":\"unsubscribe\",\"args\":[\"" + topic + "\"]}",
                "{\"op\":\"subscribe\",\"args\":[\"" + topic + "\"]}");
    }

    @Override
    public Optional<String> ping() {
        return Optional.of("{\"op\":\"ping\"}");
    }

    @Override
    public Optional<DepthUpdate> parse(String frame) throws MalformedTradeException {
        JsonNode root = JsonTrades.read(frame);
        JsonNode topic = root.get("topic");
        if (topic == null || !topic.asText().startsWith(TOPIC)) {
            return Optional.empty();
        }
        String type = JsonTrades.text(root, "type");
        if (!type.equals("snapshot") && !type.equals("delta")) {
            throw new MalformedTradeException("orderbook type must be snapshot or delta: " + JsonTrades.abbreviate(root));
        }
        JsonNode data = JsonTrades.require(root, "data");
        long u = JsonTrades.integer(data, "u");
        return Optional.of(new DepthUpdate(JsonTrades.text(data, "s").toUpperCase(Locale.ROOT), type.equals("snapshot"),
                JsonTrades.integer(root, "ts"), u, u, -1, DepthLevels.read(data, "b"), DepthLevels.read(data, "a"), null));
    }

    @Override
    public BookSync newSync() {
        return new BybitBookSync();
    }
}
