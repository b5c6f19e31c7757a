package io.cryptoflow.api.live;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import io.cryptoflow.api.core.BadParameterException;
import io.cryptoflow.api.core.DatabaseBusyException;
import io.cryptoflow.api.core.ReplicaNotReadyException;
import io.cryptoflow.api.core.TradeCursor;
import io.cryptoflow.api.core.PartitionFeedReads;
import io.cryptoflow.api.db.ApiDatabase;
import io.cryptoflow.common.MarketSymbol;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A {@code /ws} channel over stored events ({@link EventFeed}: trades, or liquidations):
 * {@code {"type":"subscribe","channel":"trades"|"liquidations","exchange","symbol","after":"time-id"}}
 * ({@code id}: the trade id; for liquidations the row's seq, as in {@code /api/liquidations}' cursor).
 *
 * <p>No gap, no duplicate: subscribing takes, in one read transaction of api.db, each partition's
 * highest {@code seq} (the cut), replays the stored rows after the resume point {@code after} in
 * (time, id) order up to that cut, and from then on every poll sends the rows above the follower's
 * position in commit ({@code seq}) order, again in one read transaction per poll. Replay and live
 * flow meet at the cut, so a trade is sent exactly once whichever side of it it was stored. A trade
 * stored late with an older time (an archive filling a gap) is pushed when it is stored; a resume
 * point given after a reconnect does not bring back such trades stored while the client was away
 * ({@code /api/trades} has them). A resume point more than {@value #REPLAY_LIMIT} trades back is
 * refused with an error naming {@code after}: fetch {@code /api/trades?cursor=...} first.
 * Subscribing, polling and sending run on one thread, in order.
 */
public class EventHub extends ReplicaPoller {

    static final int REPLAY_LIMIT = 50_000;

    private final EventFeed feed;
    private final int maxPerConnection;
    private final Meter pushed;
    private final Map<LiveClient, Map<MarketSymbol, EventFollower>> followers = new HashMap<>();

    /** @param db for the replica's revision, polled; the rows come through {@code feed} */
    public EventHub(EventFeed feed, ApiDatabase db, Duration pollInterval, int maxPerConnection, MetricRegistry metrics,
                    ScheduledExecutorService thread) {
        super(db, pollInterval, thread);
        this.feed = feed;
        this.maxPerConnection = maxPerConnection;
        this.pushed = metrics.meter("cryptoflow.api.live." + feed.channel() + "-pushed");
    }

    public void subscribe(LiveClient client, MarketSymbol market, TradeCursor after) {
        thread.execute(() -> {
            try {
                doSubscribe(client, market, after);
            } catch (ReplicaNotReadyException | DatabaseBusyException | BadParameterException e) {
                client.send(errorFrame(e.getMessage()));
            }
        });
    }

    public void unsubscribe(LiveClient client, MarketSymbol market) {
        thread.execute(() -> {
            Map<MarketSymbol, EventFollower> mine = followers.get(client);
            if (mine != null && mine.remove(market) != null) {
                client.send(EventFrames.unsubscribed(feed, market));
            } else {
                client.send(errorFrame("not subscribed to " + feed.channel() + " of " + market));
            }
        });
    }

    public void remove(LiveClient client) {
        if (!thread.isShutdown()) {
            thread.execute(() -> followers.remove(client));
        }
    }

    private void doSubscribe(LiveClient client, MarketSymbol market, TradeCursor after) {
        Map<MarketSymbol, EventFollower> mine = followers.computeIfAbsent(client, c -> new HashMap<>());
        if (!mine.containsKey(market) && mine.size() >= maxPerConnection) {
            client.send(errorFrame(feed.channel() + " subscription limit of " + maxPerConnection + " per connection reached"));
            return;
        }
        EventFollower f = new EventFollower(client, market);
        Long refused = feed.read(reads -> {
            List<PartitionFeedReads.Partition> parts = reads.partitions(market.exchange());
            for (PartitionFeedReads.Partition p : parts) {
                f.seen.put(p.name(), reads.maxSeq(p.name()));
            }
            if (after == null) {
                return null;
            }
            long behind = 0;
            for (PartitionFeedReads.Partition p : parts) {
                behind += reads.stream(p.name(), market.symbol(), after.time(), after.id(), Long.MAX_VALUE, f.seen.get(p.name()),
                        REPLAY_LIMIT + 1 - behind, (t, id, pr, q, bm) -> { });
                if (behind > REPLAY_LIMIT) {
                    return behind;
                }
            }
            f.cursorTime = after.time();
            f.cursorId = after.id();
            EventFrames frames = new EventFrames(feed, f, true);
            for (PartitionFeedReads.Partition p : parts) {
                reads.stream(p.name(), market.symbol(), after.time(), after.id(), Long.MAX_VALUE, f.seen.get(p.name()),
                        REPLAY_LIMIT, frames);
            }
            pushed.mark(frames.flush());
            return null;
        });
        if (refused != null) {
            client.send(errorFrame("after: more than " + REPLAY_LIMIT + " " + feed.channel() + " of " + market
                    + " follow this resume point; fetch them from " + feed.restPath() + "?cursor=" + after
                    + " and subscribe again"));
            return;
        }
        mine.put(market, f);
        client.send(EventFrames.subscribed(feed, market, f.cursor()));
    }

    @Override
    void poll() {
        if (followers.isEmpty() || !sourceRevMoved()) {
            return;
        }
        List<EventFollower> all = new ArrayList<>();
        followers.forEach((client, mine) -> {
            if (client.isOpen()) {
                all.addAll(mine.values());
            }
        });
        followers.keySet().removeIf(c -> !c.isOpen());
        feed.read(reads -> {
            Map<String, List<PartitionFeedReads.Partition>> byExchange = new HashMap<>();
            Map<String, Long> maxSeq = new HashMap<>();
            for (EventFollower f : all) {
                EventFrames frames = new EventFrames(feed, f, false);
                for (PartitionFeedReads.Partition p : byExchange.computeIfAbsent(f.market.exchange(), reads::partitions)) {
                    long upTo = maxSeq.computeIfAbsent(p.name(), reads::maxSeq);
                    long from = f.seen.getOrDefault(p.name(), 0L);
                    if (upTo > from) {
                        reads.streamAdded(p.name(), f.market.symbol(), from, upTo, frames);
                        f.seen.put(p.name(), upTo);
                    }
                }
                pushed.mark(frames.flush());
            }
            return null;
        });
    }

    private static String errorFrame(String message) {
        return "{\"type\":\"error\",\"message\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
    }
}
