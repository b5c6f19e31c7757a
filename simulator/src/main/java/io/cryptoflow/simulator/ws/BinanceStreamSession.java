package io.cryptoflow.simulator.ws;

import com.fasterxml.jackson.databind.JsonNode;
import io.cryptoflow.simulator.faults.BookFaults;
import io.cryptoflow.simulator.faults.FaultPlan;
import io.cryptoflow.simulator.market.LiquidationPush;
import io.cryptoflow.simulator.market.MarketData;
import io.cryptoflow.simulator.market.SimLiquidation;
import io.cryptoflow.simulator.market.SimTrade;
import io.cryptoflow.simulator.market.SymbolSpec;
import io.cryptoflow.simulator.market.TradeTape;
import io.cryptoflow.simulator.market.Venue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Binance market streams: raw ({@code /market/ws/btcusdt@aggTrade} futures, {@code /ws/...} spot;
 * one event per message) and combined ({@code /market/stream?streams=a/b}, {@code /stream?...};
 * {@code {"stream":..,"data":..}}). Also answers {@code SUBSCRIBE}/{@code UNSUBSCRIBE} requests.
 * Unknown streams are accepted and stay silent, as on Binance.
 */
public final class BinanceStreamSession extends StreamSession {


    private final Venue venue;
    private final boolean combined;
    private final List<String> initialStreams;

    BinanceStreamSession(MarketData data, String path, FaultPlan faults, BookFaults bookFaults, LiveTradeHub hub, Venue venue,
                         boolean combined, List<String> initialStreams, StreamRules rules) {
        super(data, path, faults, bookFaults, hub, rules);
        this.venue = venue;
        this.combined = combined;
        this.initialStreams = initialStreams;
    }

    @Override
    protected void onOpen() {
        initialStreams.forEach(this::subscribeStream);
    }

    private void subscribeStream(String stream) {
        int at = stream.indexOf('@');
        if (at <= 0) {
            return;
        }
        String symbol = stream.substring(0, at).toUpperCase(Locale.ROOT);
        String suffix = stream.substring(at + 1);
        switch (suffix) {
            case "aggTrade" -> data.tape(venue, symbol).ifPresent(tape -> subscribe(tape, stream, null));
            // USD-M only; spot has no liquidations (an unknown stream stays silent, as on Binance)
            case "forceOrder" -> {
                if (venue == Venue.BINANCE_FUTURES) {
                    data.tape(venue, symbol).ifPresent(tape ->
                            subscribeLiquidations(tape, stream, LiquidationPush.BINANCE_LATEST_PER_SECOND));
                }
            }
            default -> {
                long interval = BinanceDepthFeed.intervalOf(suffix);
                if (interval > 0 && venue == Venue.BINANCE_FUTURES) { // USD-M diff depth (spot's has no pu: not simulated)
                    data.tape(venue, symbol).ifPresent(tape -> startBook(newBook(tape, stream,
                            model -> new BinanceDepthFeed(model, stream, combined, interval))));
                }
            }
        }
    }

    @Override
    protected void onControl(String text) {
        JsonNode request = readControl(text, e -> "{\"error\":{\"code\":3,\"msg\":\"Invalid JSON: " + e.getClass().getSimpleName() + "\"}}");
        if (request == null) {
            return;
        }
        String method = request.path("method").asText("");
        JsonNode id = request.path("id");
        switch (method) {
            case "SUBSCRIBE" -> request.path("params").forEach(p -> subscribeStream(p.asText()));
            case "UNSUBSCRIBE" -> request.path("params").forEach(p -> unsubscribe(p.asText()));
            case "LIST_SUBSCRIPTIONS" -> {
                List<String> names = new ArrayList<>();
                subscriptions.forEach(s -> names.add('"' + s.name + '"'));
                bookSubscriptions.forEach(s -> names.add('"' + s.name + '"'));
                sendControl("{\"result\":[" + String.join(",", names) + "],\"id\":" + id + "}");
                return;
            }
            default -> {
                sendControl("{\"error\":{\"code\":2,\"msg\":\"Invalid request: unknown method\"},\"id\":" + id + "}");
                return;
            }
        }
        sendControl("{\"result\":null,\"id\":" + id + "}");
    }

    /**
     * USD-M "Liquidation Order Streams": one {@code forceOrder} event per push (the window's latest
     * order); {@code S} is the forced order's side (SELL closes a long), {@code q}/{@code l}/{@code z}
     * the filled quantity, {@code p} and {@code ap} the price.
     */
    @Override
    protected String liquidationMessage(LiquidationSubscription subscription, List<SimLiquidation> push) {
        String event = forceOrderEvent(subscription.tape.spec(), push.get(push.size() - 1), data.now());
        return combined ? "{\"stream\":\"" + subscription.name + "\",\"data\":" + event + "}" : event;
    }

    static String forceOrderEvent(SymbolSpec spec, SimLiquidation l, long eventTime) {
        String price = spec.price(l.priceUnits()).toPlainString();
        String qty = spec.qty(l.qtyUnits()).toPlainString();
        return "{\"e\":\"forceOrder\",\"E\":" + eventTime + ",\"o\":{\"s\":\"" + spec.symbol()
                + "\",\"S\":\"" + (l.longLiquidated() ? "SELL" : "BUY") + "\",\"o\":\"LIMIT\",\"f\":\"IOC\",\"q\":\""
                + qty + "\",\"p\":\"" + price + "\",\"ap\":\"" + price + "\",\"X\":\"FILLED\",\"l\":\"" + qty
                + "\",\"z\":\"" + qty + "\",\"T\":" + l.time() + "}}";
    }

    @Override
    protected List<String> tradeMessages(Subscription subscription, List<SimTrade> trades) {
        TradeTape tape = subscription.tape;
        SymbolSpec spec = tape.spec();
        boolean spot = venue == Venue.BINANCE_SPOT;
        long eventTime = data.now();
        List<String> out = new ArrayList<>(trades.size());
        for (SimTrade t : trades) {
            String price = spot ? spec.price(t.priceUnits()).setScale(8).toPlainString()
                    : spec.price(t.priceUnits()).toPlainString();
            String qty = spot ? spec.qty(t.qtyUnits()).setScale(8).toPlainString() : spec.qty(t.qtyUnits()).toPlainString();
            String event = "{\"e\":\"aggTrade\",\"E\":" + eventTime + ",\"s\":\"" + spec.symbol() + "\",\"a\":" + t.aggId()
                    + ",\"p\":\"" + price + "\",\"q\":\"" + qty + "\",\"f\":" + t.firstId() + ",\"l\":" + t.lastId()
                    + ",\"T\":" + t.time() + ",\"m\":" + t.buyerMaker() + (spot ? ",\"M\":true}" : "}");
            out.add(combined ? "{\"stream\":\"" + subscription.name + "\",\"data\":" + event + "}" : event);
        }
        return out;
    }
}
