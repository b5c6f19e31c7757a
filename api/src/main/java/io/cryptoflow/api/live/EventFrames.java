package io.cryptoflow.api.live;

import io.cryptoflow.api.core.PartitionFeedReads;
import io.cryptoflow.api.core.TradeCursor;
import io.cryptoflow.api.render.JsonBytes;
import io.cryptoflow.common.MarketSymbol;
import java.nio.charset.StandardCharsets;

/**
 * The frames of a stored-event channel of {@code /ws} ({@link EventFeed}: trades or liquidations),
 * {@value #MAX_ROWS} rows at most each:
 * {@code {"type":"<channel>","exchange","symbol","replay":bool,"<channel>":[row,...],"cursor":"time-id"}}
 * ({@code replay}: from the stored rows after the resume point; {@code cursor}: the resume point to
 * send after a reconnect), {@code {"type":"subscribed","channel","exchange","symbol","cursor"}} and
 * {@code {"type":"unsubscribed","channel","exchange","symbol"}}. Rows: trades
 * {@code [time,id,price,qty,"buy"|"sell"]}, liquidations {@code [time,"long"|"short",price,qty,notional]}.
 */
final class EventFrames implements PartitionFeedReads.RowSink {

    static final int MAX_ROWS = 1_000;

    private final EventFeed feed;
    private final EventFollower follower;
    private final boolean replay;
    private final JsonBytes buf = new JsonBytes(64 * 1024);
    private int count;
    private long total;

    EventFrames(EventFeed feed, EventFollower follower, boolean replay) {
        this.feed = feed;
        this.follower = follower;
        this.replay = replay;
    }

    @Override
    public void trade(long time, long id, double price, double qty, boolean flag) {
        if (count == 0) {
            buf.reset();
            buf.ascii("{\"type\":\"").ascii(feed.channel()).ascii("\",\"exchange\":\"").ascii(follower.market.exchange())
                    .ascii("\",\"symbol\":\"").ascii(follower.market.symbol()).ascii("\",\"replay\":")
                    .ascii(replay ? "true" : "false").ascii(",\"").ascii(feed.channel()).ascii("\":[");
        } else {
            buf.ascii(",");
        }
        feed.row(buf, time, id, price, qty, flag);
        follower.sent(time, id);
        count++;
        total++;
        if (count == MAX_ROWS) {
            flush();
        }
    }

    /** Sends what is gathered; returns the rows sent through this builder in all. */
    long flush() {
        if (count > 0) {
            buf.ascii("],\"cursor\":\"").ascii(follower.cursor().toString()).ascii("\"}");
            follower.client.send(new String(buf.array(), 0, buf.length(), StandardCharsets.UTF_8));
            count = 0;
        }
        return total;
    }

    static String subscribed(EventFeed feed, MarketSymbol m, TradeCursor cursor) {
        return "{\"type\":\"subscribed\",\"channel\":\"" + feed.channel() + "\",\"exchange\":\"" + m.exchange()
                + "\",\"symbol\":\"" + m.symbol() + "\",\"cursor\":" + (cursor == null ? "null" : "\"" + cursor + "\"") + "}";
    }

    static String unsubscribed(EventFeed feed, MarketSymbol m) {
        return "{\"type\":\"unsubscribed\",\"channel\":\"" + feed.channel() + "\",\"exchange\":\"" + m.exchange()
                + "\",\"symbol\":\"" + m.symbol() + "\"}";
    }
}
