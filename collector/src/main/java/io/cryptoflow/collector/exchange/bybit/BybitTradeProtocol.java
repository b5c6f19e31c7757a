package io.cryptoflow.collector.exchange.bybit;

import com.fasterxml.jackson.databind.JsonNode;
import io.cryptoflow.collector.exchange.JsonTrades;
import io.cryptoflow.collector.exchange.MalformedTradeException;
import io.cryptoflow.collector.exchange.SymbolTrade;
import io.cryptoflow.collector.exchange.Trade;
import io.cryptoflow.collector.exchange.TradeProtocol;
import io.cryptoflow.collector.exchange.Urls;
import io.cryptoflow.collector.exchange.ExchangeType;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Bybit v5 linear and spot (WebSocket {@code /v5/public/linear} or {@code /v5/public/spot}, same topic
 * and fields): subscribe {@code publicTrade.<SYMBOL>}, data {@code [{T, s, S: Buy|Sell, v, p, i}]},
 * client {@code {"op":"ping"}} every 20 s. REST {@code /v5/market/recent-trade} lists the newest
 * trades NEWEST FIRST, with errors as HTTP 200 and {@code retCode != 0}.
 */
public final class BybitTradeProtocol implements TradeProtocol {

    private final ExchangeType venue;
    private final String category;
    private final int restLimit;

    /** Linear perpetuals: recent-trade serves up to 1000 trades. */
    public BybitTradeProtocol() {
        this(BybitExchanges.LINEAR, "linear", 1000);
    }

    private BybitTradeProtocol(ExchangeType venue, String category, int restLimit) {
        this.venue = venue;
        this.category = category;
        this.restLimit = restLimit;
    }

    /** Spot: recent-trade serves at most 60 trades (Bybit v5 "Get Public Recent Trading History"). */
    public static BybitTradeProtocol spot() {
        return new BybitTradeProtocol(BybitExchanges.SPOT, "spot", 60);
    }

    @Override
    public ExchangeType venue() {
        return venue;
    }

    /** Linear only: {@code allLiquidation} is a derivatives topic (spot has no liquidations). */
    @Override
    public Optional<io.cryptoflow.collector.exchange.LiquidationProtocol> liquidations() {
        return category.equals("linear") ? Optional.of(new BybitLiquidationProtocol()) : Optional.empty();
    }

    @Override
    public URI streamUri(String wsBase, List<String> symbols) {
        return URI.create(wsBase);
    }

    /**
     * At most {@link #ARGS_PER_SUBSCRIBE} topics per request: "Spot can input up to 10 args for each
     * subscription request" (Bybit v5 "Connect"); more are refused whole ("args size >10"). Linear has
     * no documented count; it is batched the same way, which costs nothing.
     */
    @Override
    public List<String> subscriptions(List<String> symbols) {
        return subscribeFrames("publicTrade.", symbols);
    }

    /** Subscribe frames for {@code topicPrefix + SYMBOL}, {@link #ARGS_PER_SUBSCRIBE} topics per frame. */
    static List<String> subscribeFrames(String topicPrefix, List<String> symbols) {
        List<String> frames = new ArrayList<>();
        for (int from = 0; from < symbols.size(); from += ARGS_PER_SUBSCRIBE) {
            List<String> batch = symbols.subList(from, Math.min(symbols.size(), from + ARGS_PER_SUBSCRIBE));
            StringBuilder sb = new StringBuilder("{\"op\":\"subscribe\",\"args\":[");
            for (int i = 0; i < batch.size(); i++) {
                sb.append(i == 0 ? "" : ",").append('"').append(topicPrefix).append(batch.get(i).toUpperCase(Locale.ROOT)).append('"');
            }
            frames.add(sb.append("]}").toString());
        }
        return frames;
    }

    static final int ARGS_PER_SUBSCRIBE = 10;

    @Override
    public Optional<String> ping() {
        return Optional.of("{\"op\":\"ping\"}");
    }

    @Override
    public List<SymbolTrade> parseMessage(String message) throws MalformedTradeException {
        JsonNode root = JsonTrades.read(message);
        JsonNode topic = root.get("topic");
        if (topic == null || !topic.asText().startsWith("publicTrade.")) {
            return List.of(); // pong, subscribe ack
        }
        JsonNode data = JsonTrades.require(root, "data");
        if (!data.isArray()) {
            throw new MalformedTradeException("publicTrade data is not an array: " + JsonTrades.abbreviate(root));
        }
        List<SymbolTrade> out = new ArrayList<>(data.size());
        for (JsonNode n : data) {
            Trade t = new Trade(JsonTrades.idOf(JsonTrades.text(n, "i")), JsonTrades.price(n, "p"),
                    JsonTrades.qty(n, "v"), JsonTrades.side(n, "S"), JsonTrades.integer(n, "T"));
            out.add(new SymbolTrade(JsonTrades.text(n, "s").toUpperCase(Locale.ROOT), t));
        }
        return out;
    }

    @Override
    public URI restTradesUri(String restBase, String symbol, long afterId, long afterTime, int limit) {
        return URI.create(Urls.stripSlash(restBase) + "/v5/market/recent-trade?category=" + category + "&symbol="
                + symbol.toUpperCase(Locale.ROOT) + "&limit=" + limit);
    }

    @Override
    public List<Trade> parseRest(byte[] body) throws MalformedTradeException {
        JsonNode root = JsonTrades.read(body);
        if (JsonTrades.integer(root, "retCode") != 0) {
            throw new MalformedTradeException("Bybit error " + root.path("retCode") + ": " + root.path("retMsg"));
        }
        JsonNode list = root.path("result").path("list");
        if (!list.isArray()) {
            throw new MalformedTradeException("result.list missing: " + JsonTrades.abbreviate(root));
        }
        List<Trade> out = new ArrayList<>(list.size());
        for (JsonNode n : list) {
            out.add(new Trade(JsonTrades.idOf(JsonTrades.text(n, "execId")), JsonTrades.price(n, "price"),
                    JsonTrades.qty(n, "size"), JsonTrades.side(n, "side"), JsonTrades.integer(n, "time")));
        }
        out.sort(Comparator.comparingLong(Trade::time)); // newest first on the wire
        return out;
    }

    @Override
    public int restLimit() {
        return restLimit;
    }

    /** Bybit v5 "Rate Limit": over the IP limit every endpoint answers 403 for at least 10 minutes. */
    @Override
    public long forbiddenBanMillis() {
        return 600_000;
    }

    @Override
    public long bodyRateLimitMillis(byte[] body, java.net.http.HttpHeaders headers, long nowMs) {
        try {
            if (JsonTrades.read(body).path("retCode").asInt(0) != 10006) {
                return -1;
            }
        } catch (MalformedTradeException e) {
            return -1; // parseRest rejects it with the details
        }
        long resetAt = headers.firstValue("X-Bapi-Limit-Reset-Timestamp").map(String::trim).map(v -> {
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                return 0L;
            }
        }).orElse(0L);
        return Math.max(1_000, resetAt - nowMs);
    }
}
