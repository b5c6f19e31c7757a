package io.cryptoflow.api.live;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import io.cryptoflow.api.core.BadParameterException;
import io.cryptoflow.api.api.CandlePage;
import io.cryptoflow.api.core.CandleQuery;
import io.cryptoflow.api.core.CandleReader;
import io.cryptoflow.api.core.DatabaseBusyException;
import io.cryptoflow.api.core.ReplicaNotReadyException;
import io.cryptoflow.api.core.UnknownSymbolException;
import io.cryptoflow.api.db.ApiDatabase;
import io.cryptoflow.api.db.ChangeDao;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.Timeframe;
import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one change poller of the API process and the fan-out to WebSocket subscribers.
 *
 * <p>Every {@code pollInterval} it reads {@code cf_replica.source_rev} (one primary-key row). Only
 * when that moved does it query, per timeframe with subscribers, the rows of the subscribed
 * markets whose {@code rev} lies in (last seen, current] through the rev index, and sends each
 * changed candle once per subscriber. Subscribing runs on the same single thread, so a client's
 * history is always sent before any update for it and no update can fall between the two.
 *
 * <p>When more than {@code historyLimit} rows of one timeframe changed since the last poll (a
 * backfill, or a snapshot that jumped many revisions), its subscribers get a fresh
 * {@code history} instead of a flood of single candles.
 */
public class LiveHub implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(LiveHub.class);

    private final ApiDatabase db;
    private final CandleReader reader;
    private final LiveMessages messages;
    private final Duration pollInterval;
    private final int historyLimit;
    private final int maxSubscriptionsPerConnection;
    private final Map<Subscription, Set<LiveClient>> subscribers = new HashMap<>();
    private final ScheduledExecutorService thread;
    private final Timer pollTimer;
    private final Meter pushed;
    private final Counter subscriptionCount;
    private final Meter resentHistories;
    private long lastRev = -1;

    /**
     * @param thread a single-threaded scheduler (from {@code environment.lifecycle()}, which shuts it
     *               down): polling, subscribing and fan-out all run on it, in order
     */
    public LiveHub(ApiDatabase db, CandleReader reader, LiveMessages messages, LiveConfiguration config,
                   MetricRegistry metrics, ScheduledExecutorService thread) {
        this.db = db;
        this.thread = thread;
        this.reader = reader;
        this.messages = messages;
        this.pollInterval = config.getPollInterval().toJavaDuration();
        this.historyLimit = config.getHistoryLimit();
        this.maxSubscriptionsPerConnection = config.getMaxSubscriptionsPerConnection();
        this.pollTimer = metrics.timer("cryptoflow.api.live.poll");
        this.pushed = metrics.meter("cryptoflow.api.live.candles-pushed");
        this.subscriptionCount = metrics.counter("cryptoflow.api.live.subscriptions");
        this.resentHistories = metrics.meter("cryptoflow.api.live.histories-resent");
    }

    @Override
    public void start() {
        long ms = Math.max(10, pollInterval.toMillis());
        thread.scheduleWithFixedDelay(this::pollSafely, ms, ms, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        // the executor is the lifecycle's: it is shut down after this
    }

    public void subscribe(LiveClient client, Subscription s) {
        thread.execute(() -> doSubscribe(client, s));
    }

    public void unsubscribe(LiveClient client, Subscription s) {
        thread.execute(() -> {
            if (client.subscriptions().remove(s)) {
                detach(client, s);
                client.send(messages.unsubscribed(s));
            } else {
                client.send(messages.error("not subscribed to " + s.storedSymbol() + " tf " + s.tf().minutes()));
            }
        });
    }

    public void remove(LiveClient client) {
        if (thread.isShutdown()) {
            return; // stopping: the subscriptions go with the process
        }
        thread.execute(() -> {
            for (Subscription s : client.subscriptions()) {
                detach(client, s);
            }
            client.subscriptions().clear();
        });
    }

    private void doSubscribe(LiveClient client, Subscription s) {
        if (!client.isOpen()) {
            return;
        }
        if (!client.subscriptions().contains(s) && client.subscriptions().size() >= maxSubscriptionsPerConnection) {
            client.send(messages.error("subscription limit of " + maxSubscriptionsPerConnection
                    + " per connection reached; unsubscribe first"));
            return;
        }
        try {
            // Catch up to the newest revision before reading the history: the history then already
            // holds everything up to the hub's position, and the next poll pushes only what is newer.
            // Without it, a revision committed after the last poll reached this client twice: in its
            // history and again as single candles (or a second history) at the next poll.
            poll();
            CandlePage page = reader.page(CandleQuery.latest(s.market(), s.tf(), historyLimit));
            client.send(messages.history(s, page));
            if (client.subscriptions().add(s)) {
                subscribers.computeIfAbsent(s, k -> new LinkedHashSet<>()).add(client);
                subscriptionCount.inc();
            }
        } catch (UnknownSymbolException | ReplicaNotReadyException | DatabaseBusyException | BadParameterException e) {
            client.send(messages.error(e.getMessage()));
        }
    }

    private void detach(LiveClient client, Subscription s) {
        Set<LiveClient> set = subscribers.get(s);
        if (set != null && set.remove(client)) {
            subscriptionCount.dec();
            if (set.isEmpty()) {
                subscribers.remove(s);
            }
        }
    }

    private Optional<Long> currentRev() {
        if (!db.fileExists()) {
            return Optional.empty();
        }
        return db.read(ChangeDao.class, ChangeDao::sourceRev);
    }

    private void pollSafely() {
        try (Timer.Context ignored = pollTimer.time()) {
            poll();
        } catch (ReplicaNotReadyException | DatabaseBusyException e) {
            LOG.debug("live poll: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("live poll failed", e);
        }
    }

    void poll() {
        Optional<Long> rev = currentRev();
        if (rev.isEmpty()) {
            return;
        }
        long now = rev.get();
        if (now == lastRev) {
            return;
        }
        if (now < lastRev || lastRev < 0) {
            // First sight, or the replica was rebuilt from an older source: nothing to diff against.
            if (lastRev >= 0) {
                // revisions may be reused by the other lineage: rendered JSON keyed by rev is void
                reader.clearCaches();
            }
            lastRev = now;
            return;
        }
        if (!subscribers.isEmpty()) {
            push(lastRev, now);
        }
        lastRev = now;
    }

    private void push(long after, long upTo) {
        Map<Timeframe, List<String>> symbolsByTf = new HashMap<>();
        for (Subscription s : subscribers.keySet()) {
            symbolsByTf.computeIfAbsent(s.tf(), k -> new ArrayList<>()).add(s.storedSymbol());
        }
        for (Map.Entry<Timeframe, List<String>> e : symbolsByTf.entrySet()) {
            Timeframe tf = e.getKey();
            List<ChangeDao.ChangedCandle> rows = db.read(ChangeDao.class,
                    dao -> dao.changed(tf, after, upTo, e.getValue(), historyLimit + 1, reader.renders()));
            if (rows.size() > historyLimit) {
                resendHistory(tf);
                continue;
            }
            for (ChangeDao.ChangedCandle row : rows) {
                Subscription key = new Subscription(MarketSymbol.parseStored(row.storedSymbol()), tf);
                Set<LiveClient> clients = subscribers.get(key);
                if (clients == null || clients.isEmpty()) {
                    continue;
                }
                // the context of the pushed candle as its page would carry it (one read per changed candle)
                String text = messages.candle(key, row.candle(),
                        reader.contextOf(key.market(), tf, row.candle().time()));
                for (LiveClient c : List.copyOf(clients)) {
                    if (c.isOpen()) {
                        c.send(text);
                        pushed.mark();
                    } else {
                        detach(c, key);
                    }
                }
            }
        }
    }

    private void resendHistory(Timeframe tf) {
        for (Map.Entry<Subscription, Set<LiveClient>> e : subscribers.entrySet()) {
            if (e.getKey().tf() != tf) {
                continue;
            }
            String text = messages.history(e.getKey(),
                    reader.page(CandleQuery.latest(e.getKey().market(), tf, historyLimit)));
            for (LiveClient c : e.getValue()) {
                c.send(text);
            }
            resentHistories.mark();
        }
    }

    /** How many connections follow {@code s}, read on the hub thread after everything queued so far. */
    public int subscriberCount(Subscription s) {
        return java.util.concurrent.CompletableFuture.supplyAsync(
                () -> subscribers.getOrDefault(s, Set.of()).size(), thread).join();
    }
}
