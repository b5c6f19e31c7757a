package io.cryptoflow.collector.sources.depth;

import io.cryptoflow.collector.exchange.DepthProtocol;
import io.cryptoflow.collector.exchange.MalformedTradeException;
import io.cryptoflow.collector.exchange.RateGate;
import io.cryptoflow.collector.exchange.book.BookSync;
import io.cryptoflow.collector.exchange.book.DepthUpdate;
import io.cryptoflow.collector.sources.trades.FrameListener;
import io.cryptoflow.collector.sources.trades.LivenessWatch;
import io.cryptoflow.collector.sources.trades.TextSender;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One exchange section's order-book connection carrying all its depth symbols. Every frame goes
 * through its market's {@link BookSync}; what the sync asks for is done here: a REST snapshot
 * (Binance, through the exchange's rate gate, at most one per {@code snapshotSpacing} per market) or
 * a resubscribe (Bybit). A (re)connect forgets every book; the connection is renewed with backoff and
 * when silent for {@code silenceMillis}.
 */
final class DepthStream {

    private static final Logger LOG = LoggerFactory.getLogger(DepthStream.class);
    /** Binance {@code /fapi/v1/depth} with limit 1000 costs 20 weight. */
    private static final int SNAPSHOT_WEIGHT = 20;

    private final String name;
    private final DepthProtocol protocol;
    private final String wsUrl;
    private final String restUrl;
    private final Map<String, DepthMarket> markets;
    private final HttpClient http;
    private final RateGate gate;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService workers;
    private final DepthTiming timing;
    private final Object lock = new Object();
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();
    private int generation;
    private boolean stopped = true;
    private int failures;
    private volatile TextSender sender;
    private volatile long lastMessageNanos = System.nanoTime();

    DepthStream(String name, DepthProtocol protocol, String wsUrl, String restUrl, Map<String, DepthMarket> markets,
                HttpClient http, RateGate gate, ScheduledExecutorService scheduler, ExecutorService workers,
                DepthTiming timing) {
        this.name = name;
        this.protocol = protocol;
        this.wsUrl = wsUrl;
        this.restUrl = restUrl;
        this.markets = Map.copyOf(markets);
        this.http = http;
        this.gate = gate;
        this.scheduler = scheduler;
        this.workers = workers;
        this.timing = timing;
    }

    void start() {
        synchronized (lock) {
            stopped = false;
        }
        connect();
    }

    void stop() {
        synchronized (lock) {
            stopped = true;
            generation++;
            timers.forEach(t -> t.cancel(false));
        }
        forgetBooks();
    }

    private void connect() {
        int gen;
        synchronized (lock) {
            if (stopped) {
                return;
            }
            gen = ++generation;
        }
        // before the connection exists: its first frames (Binance streams at once) may be read before
        // buildAsync completes, and must meet empty books, not be forgotten afterwards
        forgetBooks();
        URI uri = protocol.streamUri(wsUrl, List.copyOf(markets.keySet()));
        LOG.info("{} depth: connecting to {}", name, uri);
        http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(15))
                .buildAsync(uri, new FrameListener(gen, this::currentGeneration,
                        () -> lastMessageNanos = System.nanoTime(), this::onFrame, this::dropped))
                .whenComplete((ws, error) -> {
                    if (error != null) {
                        dropped(gen, "connect failed: " + error);
                    } else {
                        opened(gen, ws);
                    }
                });
    }

    private void opened(int gen, WebSocket ws) {
        TextSender s = new TextSender(ws, name + " depth");
        synchronized (lock) {
            if (gen != generation || stopped) {
                ws.abort();
                return;
            }
            failures = 0;
            sender = s;
            timers.forEach(t -> t.cancel(false));
            timers.clear();
            protocol.ping().ifPresent(ping -> timers.add(scheduler.scheduleAtFixedRate(() -> s.send(ping),
                    timing.pingMillis(), timing.pingMillis(), TimeUnit.MILLISECONDS)));
            lastMessageNanos = System.nanoTime();
            timers.add(new LivenessWatch(timing.silenceMillis(), () -> lastMessageNanos,
                    LivenessWatch.probe(ws, s, protocol.ping()), why -> dropped(gen, why)).scheduleOn(scheduler));
        }
        protocol.subscriptions(List.copyOf(markets.keySet())).forEach(s::send);
    }

    private void dropped(int gen, String why) {
        long delay;
        synchronized (lock) {
            if (gen != generation || stopped) {
                return;
            }
            generation++;
            timers.forEach(t -> t.cancel(false));
            timers.clear();
            failures++;
            delay = Math.min(timing.maxReconnectMillis(), timing.minReconnectMillis() << Math.min(failures - 1, 20));
        }
        forgetBooks();
        LOG.warn("{} depth: connection lost ({}), reconnecting in {} ms", name, why, delay);
        scheduler.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }

    private void forgetBooks() {
        for (DepthMarket m : markets.values()) {
            synchronized (m.sync()) {
                m.sync().reset();
            }
        }
    }

    /** One frame: parsed, handed to its market's sync, and the sync's request carried out. */
    void onFrame(String frame) {
        DepthUpdate update;
        try {
            update = protocol.parse(frame).orElse(null);
        } catch (MalformedTradeException e) {
            LOG.warn("{} depth: rejected a frame that does not parse: {}", name, e.getMessage());
            return;
        }
        DepthMarket m = update == null ? null : markets.get(update.symbol());
        if (m == null) {
            return;
        }
        BookSync.Step step;
        synchronized (m.sync()) {
            step = m.sync().onMessage(update);
        }
        act(m, step, 0);
    }

    private void act(DepthMarket m, BookSync.Step step, long delayMs) {
        if (step == BookSync.Step.RESUBSCRIBE) {
            TextSender s = sender;
            LOG.info("{} depth: resubscribing {} after {}", name, m.market(), m.sync().lastFault());
            if (s != null) {
                protocol.resubscribe(m.market().symbol()).forEach(s::send);
            }
        } else if (step == BookSync.Step.FETCH_SNAPSHOT) {
            scheduler.schedule(() -> workers.execute(() -> fetchSnapshot(m)), delayMs, TimeUnit.MILLISECONDS);
        }
    }

    private void fetchSnapshot(DepthMarket m) {
        String symbol = m.market().symbol();
        URI uri = protocol.snapshotUri(restUrl, symbol).orElseThrow();
        long started = System.nanoTime();
        BookSync.Step next;
        try {
            gate.acquire(SNAPSHOT_WEIGHT);
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new java.io.IOException("HTTP " + r.statusCode());
            }
            DepthUpdate snapshot = protocol.parseSnapshot(symbol, r.body());
            synchronized (m.sync()) {
                next = m.sync().onSnapshot(snapshot);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (java.io.IOException | MalformedTradeException | RuntimeException e) {
            LOG.warn("{} depth: snapshot of {} failed: {}", name, symbol, e.toString());
            synchronized (m.sync()) {
                m.sync().snapshotFailed();
            }
            return;
        }
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        act(m, next, Math.max(0, timing.snapshotSpacingMillis() - tookMs));
    }

    private int currentGeneration() {
        synchronized (lock) {
            return generation;
        }
    }
}
