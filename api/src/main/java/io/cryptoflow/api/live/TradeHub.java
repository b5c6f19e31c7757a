package io.cryptoflow.api.live;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import io.cryptoflow.api.core.BadParameterException;
import io.cryptoflow.api.core.DatabaseBusyException;
import io.cryptoflow.api.core.ReplicaNotReadyException;
import io.cryptoflow.api.core.TradeCursor;
import io.cryptoflow.api.core.TradeReads;
import io.cryptoflow.api.db.ApiDatabase;
import io.cryptoflow.common.MarketSymbol;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The {@code /ws} trades channel: {@code {"type":"subscribe","channel":"trades","exchange","symbol","after":"time-id"}}.
 *
 * <p>No gap, no duplicate: subscribing takes, in one read transaction of api.db, each partition's
 * highest {@code seq} (the cut), replays the stored trades after the resume point {@code after} in
 * (time, id) order up to that cut, and from then on every poll sends the rows above the follower's
 * position in commit ({@code seq}) order, again in one read transaction per poll. Replay and live
 * flow meet at the cut, so a trade is sent exactly once whichever side of it it was stored. A trade
 * stored late with an older time (an archive filling a gap) is pushed when it is stored; a resume
 * point given after a reconnect does not bring back such trades stored while the client was away
 * ({@code /api/trades} has them). A resume point more than {@value #REPLAY_LIMIT} trades back is
 * refused with an error naming {@code after}: fetch {@code /api/trades?cursor=...} first.
 * Subscribing, polling and sending run on one thread, in order.
 */
public class TradeHub extends ReplicaPoller {

    static final int REPLAY_LIMIT = 50_000;
    private final int maxPerConnection;
    private final Meter pushed;
    private final Map<LiveClient, Map<MarketSymbol, TradeFollower>> followers = new HashMap<>();

    public TradeHub(ApiDatabase db, Duration pollInterval, int maxPerConnection, MetricRegistry metrics,
                    ScheduledExecutorService thread) {
        super(db, pollInterval, thread);
        this.maxPerConnection = maxPerConnection;
        this.pushed = metrics.meter("cryptoflow.api.live.trades-pushed");
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
            Map<MarketSymbol, TradeFollower> mine = followers.get(client);
            if (mine != null && mine.remove(market) != null) {
                client.send(TradeFrames.unsubscribed(market));
            } else {
                client.send(errorFrame("not subscribed to trades of " + market));
            }
        });
    }

    public void remove(LiveClient client) {
        if (!thread.isShutdown()) {
            thread.execute(() -> followers.remove(client));
        }
    }

    private void doSubscribe(LiveClient client, MarketSymbol market, TradeCursor after) {
        Map<MarketSymbol, TradeFollower> mine = followers.computeIfAbsent(client, c -> new HashMap<>());
        if (!mine.containsKey(market) && mine.size() >= maxPerConnection) {
            client.send(errorFrame("trade subscription limit of " + maxPerConnection + " per connection reached"));
            return;
        }
        TradeFollower f = new TradeFollower(client, market);
        Long refused = db.trades(reads -> {
            List<TradeReads.Partition> parts = reads.partitions(market.exchange());
            for (TradeReads.Partition p : parts) {
                f.seen.put(p.name(), reads.maxSeq(p.name()));
            }
            if (after == null) {
                return null;
            }
            long behind = 0;
            for (TradeReads.Partition p : parts) {
                behind += reads.stream(p.name(), market.symbol(), after.time(), after.id(), Long.MAX_VALUE, f.seen.get(p.name()),
                        REPLAY_LIMIT + 1 - behind, (t, id, pr, q, bm) -> { });
                if (behind > REPLAY_LIMIT) {
                    return behind;
                }
            }
            f.cursorTime = after.time();
            f.cursorId = after.id();
            TradeFrames frames = new TradeFrames(f, true);
            for (TradeReads.Partition p : parts) {
                reads.stream(p.name(), market.symbol(), after.time(), after.id(), Long.MAX_VALUE, f.seen.get(p.name()),
                        REPLAY_LIMIT, frames);
            }
            pushed.mark(frames.flush());
            return null;
        });
        if (refused != null) {
            client.send(errorFrame("after: more than " + REPLAY_LIMIT + " trades of " + market
                    + " follow this resume point; fetch them from /api/trades?cursor=" + after + " and subscribe again"));
            return;
        }
        mine.put(market, f);
        client.send(TradeFrames.subscribed(market, f.cursor()));
    }

    @Override
    void poll() {
        if (followers.isEmpty() || !sourceRevMoved()) {
            return;
        }
        List<TradeFollower> all = new ArrayList<>();
        followers.forEach((client, mine) -> {
            if (client.isOpen()) {
                all.addAll(mine.values());
            }
        });
        followers.keySet().removeIf(c -> !c.isOpen());
        db.trades(reads -> {
            Map<String, List<TradeReads.Partition>> byExchange = new HashMap<>();
            Map<String, Long> maxSeq = new HashMap<>();
            for (TradeFollower f : all) {
                TradeFrames frames = new TradeFrames(f, false);
                for (TradeReads.Partition p : byExchange.computeIfAbsent(f.market.exchange(), reads::partitions)) {
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
