package io.cryptoflow.collector.exchange.binance;

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
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Binance aggTrade, USD-M futures or spot: combined stream {@code <base>/stream?streams=btcusdt@aggTrade/...}
 * wrapping {@code {e,E,s,a,p,q,f,l,T,m}} in {@code {stream,data}}; REST {@code aggTrades?fromId=}.
 * {@code m} = buyer is maker, so the taker bought when {@code m} is false.
 */
public final class BinanceTradeProtocol implements TradeProtocol {

    private final ExchangeType venue;
    private final String restPath;
    private final int weightBudget;
    private final int restWeight;

    private BinanceTradeProtocol(ExchangeType venue, String restPath, int weightBudget, int restWeight) {
        this.venue = venue;
        this.restPath = restPath;
        this.weightBudget = weightBudget;
        this.restWeight = restWeight;
    }

    /**
     * USD-M: aggTrades weighs 20 ("Compressed/Aggregate Trades List"). The server pings every 3 minutes
     * and cuts a connection that sent no pong for 10 ("WebSocket Market Streams"); the JDK WebSocket
     * answers its pings, and the collector's own ping frames are answered with pongs.
     */
    public static BinanceTradeProtocol futures() {
        return new BinanceTradeProtocol(BinanceExchanges.FUTURES, "/fapi/v1/aggTrades", 2400, 20);
    }

    /** Spot: aggTrades weighs 4; the server pings every 20 s and cuts after a minute without pong. */
    public static BinanceTradeProtocol spot() {
        return new BinanceTradeProtocol(BinanceExchanges.SPOT, "/api/v3/aggTrades", 6000, 4);
    }

    /** USD-M only: spot has no liquidations. */
    @Override
    public Optional<io.cryptoflow.collector.exchange.LiquidationProtocol> liquidations() {
        return venue == BinanceExchanges.FUTURES ? Optional.of(new BinanceLiquidationProtocol()) : Optional.empty();
    }

    @Override
    public int restWeight() {
        return restWeight;
    }

    /** Combined streams: at most 1024 per connection (Binance "WebSocket Market Streams"). */
    @Override
    public int maxStreamsPerConnection() {
        return 1024;
    }

    @Override
    public int weightBudgetPerMinute() {
        return weightBudget;
    }

    @Override
    public ExchangeType venue() {
        return venue;
    }

    @Override
    public URI streamUri(String wsBase, List<String> symbols) {
        return combinedStreams(wsBase, symbols, "@aggTrade");
    }

    /** Binance's combined-stream address: {@code <base>/stream?streams=<symbol><suffix>/...}. */
    static URI combinedStreams(String wsBase, List<String> symbols, String suffix) {
        String streams = symbols.stream().map(s -> s.toLowerCase(Locale.ROOT) + suffix)
                .collect(Collectors.joining("/"));
        return URI.create(Urls.stripSlash(wsBase) + "/stream?streams=" + streams);
    }

    @Override
    public List<String> subscriptions(List<String> symbols) {
        return List.of();
    }

    @Override
    public Optional<String> ping() {
        return Optional.empty();
    }

    @Override
    public List<SymbolTrade> parseMessage(String message) throws MalformedTradeException {
        JsonNode root = JsonTrades.read(message);
        JsonNode data = root.has("data") ? root.get("data") : root;
        if (data.has("result") || !data.has("e")) {
            return List.of(); // subscription ack or an unrelated event
        }
        if (!"aggTrade".equals(data.get("e").asText())) {
            return List.of();
        }
        String symbol = JsonTrades.text(data, "s").toUpperCase(Locale.ROOT);
        return List.of(new SymbolTrade(symbol, trade(data)));
    }

    private static Trade trade(JsonNode n) throws MalformedTradeException {
        JsonNode m = JsonTrades.require(n, "m");
        if (!m.isBoolean()) {
            throw new MalformedTradeException("'m' must be a boolean in " + JsonTrades.abbreviate(n));
        }
        return new Trade(JsonTrades.integer(n, "a"), JsonTrades.price(n, "p"), JsonTrades.qty(n, "q"),
                !m.booleanValue(), JsonTrades.integer(n, "T"));
    }

    @Override
    public URI restTradesUri(String restBase, String symbol, long afterId, long afterTime, int limit) {
        return URI.create(Urls.stripSlash(restBase) + restPath + "?symbol=" + symbol.toUpperCase(Locale.ROOT)
                + "&fromId=" + (afterId + 1) + "&limit=" + limit);
    }

    @Override
    public List<Trade> parseRest(byte[] body) throws MalformedTradeException {
        JsonNode root = JsonTrades.read(body);
        if (!root.isArray()) {
            throw new MalformedTradeException("aggTrades answer is not an array: " + JsonTrades.abbreviate(root));
        }
        List<Trade> out = new ArrayList<>(root.size());
        for (JsonNode n : root) {
            out.add(trade(n));
        }
        return out;
    }

    @Override
    public int restLimit() {
        return 1000;
    }

}
