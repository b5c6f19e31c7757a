package io.cryptoflow.simulator.ws;

import com.fasterxml.jackson.databind.JsonNode;
import io.cryptoflow.simulator.faults.BookFaults;
import io.cryptoflow.simulator.faults.FaultPlan;
import io.cryptoflow.simulator.market.MarketData;
import io.cryptoflow.simulator.market.SimTrade;
import io.cryptoflow.simulator.market.SymbolSpec;
import io.cryptoflow.simulator.market.TradeTape;
import io.cryptoflow.simulator.market.Venue;
import java.util.List;

/**
 * Bitget v2 public stream ({@code /v2/ws/public}): subscribe to channel {@code trade} of instType
 * {@code USDT-FUTURES} → {@code {"event":"subscribe",...}}, a {@code snapshot} of the 50 most recent
 * trades, then {@code update} messages. Trades in {@code data} are NEWEST FIRST, as Bitget sends
 * them. The text {@code ping} is answered with {@code pong}.
 */
public final class BitgetStreamSession extends StreamSession {

    static final int SNAPSHOT_SIZE = 50;

    BitgetStreamSession(MarketData data, String path, FaultPlan faults, BookFaults bookFaults, LiveTradeHub hub, StreamRules rules) {
        super(data, path, faults, bookFaults, hub, rules);
    }

    @Override
    protected void onControl(String text) {
        if ("ping".equals(text)) {
            sendControl("pong");
            return;
        }
        JsonNode request = readControl(text, e -> "{\"event\":\"error\",\"code\":30001,\"msg\":\"invalid request: not JSON\"}");
        if (request == null) {
            return;
        }
        String op = request.path("op").asText("");
        if (!op.equals("subscribe") && !op.equals("unsubscribe")) {
            sendControl("{\"event\":\"error\",\"code\":30001,\"msg\":\"unknown op\"}");
            return;
        }
        for (JsonNode arg : request.path("args")) {
            String instType = arg.path("instType").asText();
            String channel = arg.path("channel").asText();
            String instId = arg.path("instId").asText();
            String argJson = "{\"instType\":\"" + esc(instType) + "\",\"channel\":\"" + esc(channel)
                    + "\",\"instId\":\"" + esc(instId) + "\"}";
            int bookDepth = BitgetBooksFeed.depthOf(channel);
            TradeTape tape = "USDT-FUTURES".equals(instType) && ("trade".equals(channel) || bookDepth >= 0)
                    ? data.tape(Venue.BITGET_FUTURES, instId).orElse(null) : null;
            if (tape == null) {
                sendControl("{\"event\":\"error\",\"arg\":" + argJson + ",\"code\":30001,\"msg\":\"instType:"
                        + esc(instType) + ",channel:" + esc(channel) + ",instId:" + esc(instId) + " doesn't exist\"}");
                continue;
            }
            String name = instType + "/" + channel + "/" + tape.spec().symbol();
            if (op.equals("unsubscribe")) {
                unsubscribe(name);
                sendControl("{\"event\":\"unsubscribe\",\"arg\":" + argJson + "}");
                continue;
            }
            sendControl("{\"event\":\"subscribe\",\"arg\":" + argJson + "}");
            if (bookDepth >= 0) {
                startBook(newBook(tape, name, model -> new BitgetBooksFeed(model, argJson, bookDepth, bookFaults)));
                continue;
            }
            subscribe(tape, name, argJson, s -> {
                List<SimTrade> recent = data.tradesFromId(tape, Math.max(1, s.lastAggId - SNAPSHOT_SIZE + 1), SNAPSHOT_SIZE)
                        .stream().filter(t -> t.aggId() <= s.lastAggId).toList();
                sendControl(message("snapshot", s, recent));
            });
        }
    }

    @Override
    protected List<String> tradeMessages(Subscription subscription, List<SimTrade> trades) {
        return List.of(message("update", subscription, trades));
    }

    private String message(String action, Subscription subscription, List<SimTrade> trades) {
        SymbolSpec spec = subscription.tape.spec();
        StringBuilder rows = new StringBuilder();
        for (int i = trades.size() - 1; i >= 0; i--) {
            SimTrade t = trades.get(i);
            if (rows.length() > 0) {
                rows.append(',');
            }
            rows.append("{\"ts\":\"").append(t.time()).append("\",\"price\":\"")
                    .append(spec.price(t.priceUnits()).toPlainString()).append("\",\"size\":\"")
                    .append(spec.qty(t.qtyUnits()).toPlainString()).append("\",\"side\":\"")
                    .append(t.takerBuy() ? "buy" : "sell").append("\",\"tradeId\":\"").append(t.aggId()).append("\"}");
        }
        return "{\"action\":\"" + action + "\",\"arg\":" + subscription.arg + ",\"data\":[" + rows + "],\"ts\":"
                + data.now() + "}";
    }

    private static String esc(String s) {
        return s.replace("\\", "").replace("\"", "");
    }
}
