package io.cryptoflow.api.live;

import io.cryptoflow.api.core.TradeCursor;
import io.cryptoflow.api.core.TradeReads;
import io.cryptoflow.api.render.JsonBytes;
import io.cryptoflow.common.MarketSymbol;
import java.nio.charset.StandardCharsets;

/**
 * The {@code /ws} trades channel's frames, {@value #MAX_TRADES} trades at most each:
 * {@code {"type":"trades","exchange","symbol","replay":bool,"trades":[[time,id,price,qty,"buy"|"sell"],...],"cursor":"time-id"}}
 * ({@code replay}: from the stored trades after the resume point; {@code cursor}: the resume point to
 * send after a reconnect), {@code {"type":"subscribed","channel":"trades","exchange","symbol","cursor"}} and
 * {@code {"type":"unsubscribed","channel":"trades","exchange","symbol"}}.
 */
final class TradeFrames implements TradeReads.RowSink {

    static final int MAX_TRADES = 1_000;

    private final TradeFollower follower;
    private final boolean replay;
    private final JsonBytes buf = new JsonBytes(64 * 1024);
    private int count;
    private long total;

    TradeFrames(TradeFollower follower, boolean replay) {
        this.follower = follower;
        this.replay = replay;
    }

    @Override
    public void trade(long time, long id, double price, double qty, boolean buyerMaker) {
        if (count == 0) {
            buf.reset();
            buf.ascii("{\"type\":\"trades\",\"exchange\":\"").ascii(follower.market.exchange()).ascii("\",\"symbol\":\"")
                    .ascii(follower.market.symbol()).ascii("\",\"replay\":").ascii(replay ? "true" : "false")
                    .ascii(",\"trades\":[");
        }
        buf.ascii(count == 0 ? "[" : ",[").number(time).ascii(",").number(id).ascii(",").number(price).ascii(",")
                .number(qty).ascii(buyerMaker ? ",\"sell\"]" : ",\"buy\"]");
        follower.sent(time, id);
        count++;
        total++;
        if (count == MAX_TRADES) {
            flush();
        }
    }

    /** Sends what is gathered; returns the trades sent through this builder in all. */
    long flush() {
        if (count > 0) {
            buf.ascii("],\"cursor\":\"").ascii(follower.cursor().toString()).ascii("\"}");
            follower.client.send(new String(buf.array(), 0, buf.length(), StandardCharsets.UTF_8));
            count = 0;
        }
        return total;
    }

    static String subscribed(MarketSymbol m, TradeCursor cursor) {
        return "{\"type\":\"subscribed\",\"channel\":\"trades\",\"exchange\":\"" + m.exchange() + "\",\"symbol\":\""
                + m.symbol() + "\",\"cursor\":" + (cursor == null ? "null" : "\"" + cursor + "\"") + "}";
    }

    static String unsubscribed(MarketSymbol m) {
        return "{\"type\":\"unsubscribed\",\"channel\":\"trades\",\"exchange\":\"" + m.exchange() + "\",\"symbol\":\""
                + m.symbol() + "\"}";
    }
}
