package io.cryptoflow.collector.exchange.bybit;

import com.fasterxml.jackson.databind.JsonNode;
import io.cryptoflow.collector.exchange.JsonTrades;
import io.cryptoflow.collector.exchange.Liquidation;
import io.cryptoflow.collector.exchange.LiquidationProtocol;
import io.cryptoflow.collector.exchange.MalformedTradeException;
import io.cryptoflow.collector.exchange.Prices;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Bybit v5 "All Liquidation" (linear): topic {@code allLiquidation.<SYMBOL>}, pushed every 500 ms
 * with every liquidation of the interval, {@code data: [{T, s, S, v, p}]}; {@code S} is the
 * liquidated POSITION's side ("Buy" = a long was liquidated; the opposite of Binance's order side),
 * {@code p} the bankruptcy price. Subscribed on the trade stream's connection, at most
 * {@link BybitTradeProtocol#ARGS_PER_SUBSCRIBE} topics per request like the trades.
 */
public final class BybitLiquidationProtocol implements LiquidationProtocol {

    private static final String TOPIC = "allLiquidation.";

    @Override
    public URI streamUri(URI tradeStreamUri, List<String> symbols) {
        return tradeStreamUri;
    }

    @Override
    public List<String> subscriptions(List<String> symbols) {
        return BybitTradeProtocol.subscribeFrames(TOPIC, symbols);
    }

    @Override
    public long pushIntervalMillis() {
        return 500;
    }

    @Override
    public Optional<List<Liquidation>> parseMessage(String message) throws MalformedTradeException {
        if (!message.contains(TOPIC)) {
            return Optional.empty();
        }
        JsonNode root = JsonTrades.read(message);
        if (!root.path("topic").asText().startsWith(TOPIC)) {
            return Optional.empty(); // the subscribe ack names the topic too
        }
        JsonNode data = JsonTrades.require(root, "data");
        if (!data.isArray()) {
            throw new MalformedTradeException("allLiquidation data is not an array: " + JsonTrades.abbreviate(root));
        }
        List<Liquidation> out = new ArrayList<>(data.size());
        for (JsonNode n : data) {
            out.add(new Liquidation(JsonTrades.text(n, "s").toUpperCase(Locale.ROOT), JsonTrades.integer(n, "T"),
                    JsonTrades.side(n, "S"), Prices.toDouble(JsonTrades.price(n, "p")), JsonTrades.qty(n, "v")));
        }
        return Optional.of(out);
    }
}
