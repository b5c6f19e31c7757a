package io.cryptoflow.collector.exchange.binance;

import com.fasterxml.jackson.databind.JsonNode;
import io.cryptoflow.collector.exchange.JsonTrades;
import io.cryptoflow.collector.exchange.Liquidation;
import io.cryptoflow.collector.exchange.LiquidationProtocol;
import io.cryptoflow.collector.exchange.MalformedTradeException;
import io.cryptoflow.collector.exchange.Prices;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Binance USD-M "Liquidation Order Streams" {@code <symbol>@forceOrder}: {@code {"e":"forceOrder","E",
 * "o":{"s","S","q","p","ap","X","l","z","T"}}}, {@code S} the forced order's side (SELL closes a long).
 * "For each symbol, only the latest one liquidation order within 1000ms will be pushed as the
 * snapshot": what is stored is a sample (at most one liquidation per symbol per second), not every
 * liquidation. Quantity is {@code z} (filled), price {@code ap} (average fill price).
 */
public final class BinanceLiquidationProtocol implements LiquidationProtocol {

    @Override
    public URI streamUri(URI tradeStreamUri, List<String> symbols) {
        String streams = symbols.stream().map(s -> s.toLowerCase(Locale.ROOT) + "@forceOrder")
                .collect(Collectors.joining("/"));
        return URI.create(tradeStreamUri + "/" + streams);
    }

    @Override
    public List<String> subscriptions(List<String> symbols) {
        return List.of();
    }

    @Override
    public long pushIntervalMillis() {
        return 1_000;
    }

    @Override
    public Optional<List<Liquidation>> parseMessage(String message) throws MalformedTradeException {
        if (!message.contains("\"forceOrder\"")) {
            return Optional.empty();
        }
        JsonNode root = JsonTrades.read(message);
        JsonNode event = root.has("data") ? root.get("data") : root;
        if (!"forceOrder".equals(event.path("e").asText())) {
            return Optional.empty();
        }
        JsonNode o = JsonTrades.require(event, "o");
        String side = JsonTrades.text(o, "S");
        if (!side.equals("SELL") && !side.equals("BUY")) {
            throw new MalformedTradeException("forceOrder side must be BUY or SELL: " + JsonTrades.abbreviate(o));
        }
        return Optional.of(List.of(new Liquidation(JsonTrades.text(o, "s").toUpperCase(Locale.ROOT),
                JsonTrades.integer(o, "T"), side.equals("SELL"), Prices.toDouble(JsonTrades.price(o, "ap")),
                JsonTrades.qty(o, "z"))));
    }
}
