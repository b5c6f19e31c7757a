package io.cryptoflow.api.live;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptoflow.api.core.DatabaseBusyException;
import io.cryptoflow.api.core.DepthReads;
import io.cryptoflow.api.core.ReplicaNotReadyException;
import io.cryptoflow.api.db.ApiDatabase;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.PartitionKind;
import io.cryptoflow.common.TradePartition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The {@code /ws} depth channel: {@code {"type":"subscribe","channel":"depth","exchange","symbol"}}
 * answers {@code subscribed} and the market's newest 1-second snapshot, then every snapshot the
 * replica gains, in time order, as {@link DepthFrame}s. It follows the replica like the trades channel:
 * a poll reads only when the source revision moved, once per market in one read transaction (each
 * market's rows after the newest time it pushed, from its exchange's newest fine partition), and sends
 * the same frame to every subscriber. Subscribing, polling and sending run on one thread, in order.
 */
public class DepthHub extends ReplicaPoller {

    private final ObjectMapper json;
    private final LiveMessages messages;
    private final Meter pushed;
    private final Map<MarketSymbol, Set<LiveClient>> subscribers = new HashMap<>();
    private final Map<MarketSymbol, Long> lastTime = new HashMap<>();

    public DepthHub(ApiDatabase db, Duration pollInterval, ObjectMapper json, LiveMessages messages, MetricRegistry metrics,
                    ScheduledExecutorService thread) {
        super(db, pollInterval, thread);
        this.messages = messages;
        this.json = json;
        this.pushed = metrics.meter("cryptoflow.api.live.depth-pushed");
    }

    public void subscribe(LiveClient client, MarketSymbol market) {
        thread.execute(() -> {
            try {
                Optional<DepthReads.Snapshot> newest = db.depth(reads -> newestFine(reads, market)
                        .flatMap(p -> reads.newestAfter(p, market.symbol(), -1)));
                subscribers.computeIfAbsent(market, m -> new HashSet<>()).add(client);
                lastTime.putIfAbsent(market, newest.map(DepthReads.Snapshot::time).orElse(-1L));
                client.send(DepthFrame.ack("subscribed", market));
                newest.ifPresent(s -> client.send(frame(market, s)));
            } catch (ReplicaNotReadyException | DatabaseBusyException e) {
                client.send(messages.error(e.getMessage()));
            }
        });
    }

    public void unsubscribe(LiveClient client, MarketSymbol market) {
        thread.execute(() -> {
            Set<LiveClient> mine = subscribers.get(market);
            client.send(mine != null && mine.remove(client) ? DepthFrame.ack("unsubscribed", market)
                    : messages.error("not subscribed to depth of " + market));
        });
    }

    public void remove(LiveClient client) {
        if (!thread.isShutdown()) {
            thread.execute(() -> subscribers.values().forEach(s -> s.remove(client)));
        }
    }

    private static Optional<TradePartition> newestFine(DepthReads reads, MarketSymbol market) {
        List<TradePartition> fine = reads.partitions(market.exchange(), PartitionKind.DEPTH);
        return fine.isEmpty() ? Optional.empty() : Optional.of(fine.get(fine.size() - 1));
    }

    @Override
    void poll() {
        subscribers.values().forEach(s -> s.removeIf(c -> !c.isOpen()));
        subscribers.values().removeIf(Set::isEmpty);
        lastTime.keySet().retainAll(subscribers.keySet());
        if (subscribers.isEmpty() || !sourceRevMoved()) {
            return;
        }
        Map<MarketSymbol, List<DepthReads.Snapshot>> added = db.depth(reads -> {
            Map<MarketSymbol, List<DepthReads.Snapshot>> out = new HashMap<>();
            for (MarketSymbol m : subscribers.keySet()) {
                List<DepthReads.Snapshot> rows = new ArrayList<>();
                newestFine(reads, m).ifPresent(p -> reads.snapshots(p, m.symbol(), lastTime.get(m) + 1, Long.MAX_VALUE, rows::add));
                out.put(m, rows);
            }
            return out;
        });
        added.forEach((m, rows) -> {
            for (DepthReads.Snapshot s : rows) {
                String frame = frame(m, s);
                subscribers.get(m).forEach(c -> c.send(frame));
                lastTime.put(m, s.time());
                pushed.mark();
            }
        });
    }

    private String frame(MarketSymbol m, DepthReads.Snapshot s) {
        try {
            return json.writeValueAsString(DepthFrame.of(m, s));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a depth frame", e);
        }
    }
}
