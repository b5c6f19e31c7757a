package io.cryptoflow.simulator.ws;

import com.fasterxml.jackson.databind.JsonNode;
import io.cryptoflow.simulator.faults.BookFaults;
import io.cryptoflow.simulator.faults.FaultPlan;
import io.cryptoflow.simulator.market.LiquidationPush;
import io.cryptoflow.simulator.market.MarketData;
import io.cryptoflow.simulator.market.SimLiquidation;
import io.cryptoflow.simulator.market.SimTrade;
import io.cryptoflow.simulator.market.SymbolSpec;
import io.cryptoflow.simulator.market.Venue;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Bybit v5 public stream ({@code /v5/public/linear}, {@code /v5/public/spot}): {@code subscribe}
 * to {@code publicTrade.<SYMBOL>} → ack, then one {@code snapshot} message per tick with that tick's
 * trades; {@code {"op":"ping"}} → pong.
 */
public final class BybitStreamSession extends StreamSession {

    private static final String TOPIC_PREFIX = "publicTrade.";
    private static final String LIQUIDATION_PREFIX = "allLiquidation.";
    private static final String ORDERBOOK_PREFIX = "orderbook.";

    private final Venue venue;
    private final String connId = UUID.randomUUID().toString();

    BybitStreamSession(MarketData data, String path, FaultPlan faults, BookFaults bookFaults, LiveTradeHub hub, Venue venue, StreamRules rules) {
        super(data, path, faults, bookFaults, hub, rules);
        this.venue = venue;
    }

    @Override
    protected void onControl(String text) {
        JsonNode request = readControl(text, e -> "{\"success\":false,\"ret_msg\":\"error:invalid json\",\"conn_id\":\"" + connId + "\"}");
        if (request == null) {
            return;
        }
        String op = request.path("op").asText("");
        String reqId = request.path("req_id").asText("");
        switch (op) {
            case "ping" -> sendControl("{\"success\":true,\"ret_msg\":\"pong\",\"conn_id\":\"" + connId
                    + "\",\"req_id\":\"" + reqId + "\",\"op\":\"ping\"}");
            case "subscribe", "unsubscribe" -> {
                String refused = argsRefusal(op, request.path("args").size(), rules.maxArgsPerSubscribe(), connId, reqId);
                if (refused != null) {
                    sendControl(refused);
                    return;
                }
                List<String> bad = new ArrayList<>();
                List<BookSubscription> books = new ArrayList<>();
                for (JsonNode arg : request.path("args")) {
                    String topic = arg.asText();
                    if (op.equals("unsubscribe")) {
                        unsubscribe(topic);
                        continue;
                    }
                    var tape = topic.startsWith(TOPIC_PREFIX)
                            ? data.tape(venue, topic.substring(TOPIC_PREFIX.length())) : java.util.Optional.<io.cryptoflow.simulator.market.TradeTape>empty();
                    // allLiquidation is a linear (derivatives) topic; spot answers "handler not found"
                    var liquidated = topic.startsWith(LIQUIDATION_PREFIX) && venue == Venue.BYBIT_LINEAR
                            ? data.tape(venue, topic.substring(LIQUIDATION_PREFIX.length())) : java.util.Optional.<io.cryptoflow.simulator.market.TradeTape>empty();
                    if (topic.startsWith(ORDERBOOK_PREFIX)) {
                        if (!orderbook(topic, books)) {
                            bad.add(topic);
                        }
                    } else if (tape.isPresent()) {
                        subscribe(tape.get(), topic, null);
                    } else if (liquidated.isPresent()) {
                        subscribeLiquidations(liquidated.get(), topic, LiquidationPush.BYBIT_ALL_PER_HALF_SECOND);
                    } else {
                        bad.add(topic);
                    }
                }
                sendControl("{\"success\":" + bad.isEmpty() + ",\"ret_msg\":\""
                        + (bad.isEmpty() ? "" : "error:handler not found,topic:" + String.join(",", bad))
                        + "\",\"conn_id\":\"" + connId + "\",\"req_id\":\"" + reqId + "\",\"op\":\"" + op + "\"}");
                books.forEach(this::startBook); // the snapshot follows the ack
            }
            default -> sendControl("{\"success\":false,\"ret_msg\":\"error:unknown op " + op.replace("\"", "")
                    + "\",\"conn_id\":\"" + connId + "\"}");
        }
    }

    /**
     * {@code orderbook.<depth>.<SYMBOL>}: false when the depth or symbol is not listed; otherwise adds the
     * new subscription (not yet started) to {@code books}, unless this connection already has it.
     */
    private boolean orderbook(String topic, List<BookSubscription> books) {
        String[] parts = topic.split("\\.");
        if (parts.length != 3 || !parts[1].matches("\\d{1,4}")) {
            return false;
        }
        int depth = Integer.parseInt(parts[1]);
        boolean listed = venue == Venue.BYBIT_LINEAR ? BybitOrderbookFeed.LINEAR_DEPTHS.contains(depth) : BybitOrderbookFeed.SPOT_DEPTHS.contains(depth);
        var tape = data.tape(venue, parts[2]);
        if (!listed || tape.isEmpty()) {
            return false;
        }
        BookSubscription book = newBook(tape.get(), topic, model -> new BybitOrderbookFeed(model, topic, depth, bookFaults));
        if (book != null) {
            books.add(book);
        }
        return true;
    }

    /**
     * Bybit's refusal of a whole subscribe request with more than {@code maxArgs} args (none of them is
     * subscribed), or null when it is accepted; {@code maxArgs} 0 = no limit. Shape as quoted from the
     * exchange in yufuquant/rust-bybit#24: {@code {"success":false,"ret_msg":"args size >10","conn_id":..,"op":"subscribe"}}.
     */
    static String argsRefusal(String op, int args, int maxArgs, String connId, String reqId) {
        if (maxArgs <= 0 || args <= maxArgs || !op.equals("subscribe")) {
            return null;
        }
        return "{\"success\":false,\"ret_msg\":\"args size >" + maxArgs + "\",\"conn_id\":\"" + connId + "\","
                + (reqId.isEmpty() ? "" : "\"req_id\":\"" + reqId + "\",") + "\"op\":\"subscribe\"}";
    }

    /**
     * v5 "All Liquidation": every liquidation of the 500 ms window in one {@code snapshot};
     * {@code S} is the liquidated POSITION's side ("Buy" = a long was liquidated), {@code v} size,
     * {@code p} bankruptcy price, {@code T} ms.
     */
    @Override
    protected String liquidationMessage(LiquidationSubscription subscription, List<SimLiquidation> push) {
        return allLiquidationMessage(subscription.name, subscription.tape.spec(), push, data.now());
    }

    static String allLiquidationMessage(String topic, SymbolSpec spec, List<SimLiquidation> push, long ts) {
        StringBuilder rows = new StringBuilder();
        for (SimLiquidation l : push) {
            if (rows.length() > 0) {
                rows.append(',');
            }
            rows.append("{\"T\":").append(l.time()).append(",\"s\":\"").append(spec.symbol())
                    .append("\",\"S\":\"").append(l.longLiquidated() ? "Buy" : "Sell")
                    .append("\",\"v\":\"").append(spec.qty(l.qtyUnits()).toPlainString())
                    .append("\",\"p\":\"").append(spec.price(l.priceUnits()).toPlainString()).append("\"}");
        }
        return "{\"topic\":\"" + topic + "\",\"type\":\"snapshot\",\"ts\":" + ts + ",\"data\":[" + rows + "]}";
    }

    @Override
    protected List<String> tradeMessages(Subscription subscription, List<SimTrade> trades) {
        SymbolSpec spec = subscription.tape.spec();
        StringBuilder data = new StringBuilder();
        long previousPrice = -1;
        for (SimTrade t : trades) {
            if (data.length() > 0) {
                data.append(',');
            }
            String tick = previousPrice < 0 || t.priceUnits() == previousPrice ? "ZeroPlusTick"
                    : t.priceUnits() > previousPrice ? "PlusTick" : "MinusTick";
            previousPrice = t.priceUnits();
            data.append("{\"T\":").append(t.time()).append(",\"s\":\"").append(spec.symbol())
                    .append("\",\"S\":\"").append(t.takerBuy() ? "Buy" : "Sell")
                    .append("\",\"v\":\"").append(spec.qty(t.qtyUnits()).toPlainString())
                    .append("\",\"p\":\"").append(spec.price(t.priceUnits()).toPlainString())
                    .append("\",\"L\":\"").append(tick)
                    .append("\",\"i\":\"").append(subscription.tape.tradeUuid(t.aggId()))
                    .append("\",\"BT\":false}");
        }
        return List.of("{\"topic\":\"" + subscription.name + "\",\"type\":\"snapshot\",\"ts\":" + this.data.now()
                + ",\"data\":[" + data + "]}");
    }
}
