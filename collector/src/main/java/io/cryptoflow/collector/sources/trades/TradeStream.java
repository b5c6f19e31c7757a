package io.cryptoflow.collector.sources.trades;

import io.cryptoflow.collector.aggregation.LiquidationRecorder;
import io.cryptoflow.collector.aggregation.OrderFlowMetrics;
import io.cryptoflow.collector.config.ExchangeConfiguration;
import io.cryptoflow.collector.config.TradesConfiguration;
import io.cryptoflow.collector.exchange.MalformedTradeException;
import io.cryptoflow.collector.exchange.SymbolTrade;
import io.cryptoflow.collector.exchange.TradeProtocol;
import io.cryptoflow.collector.exchange.ExchangeType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One exchange WebSocket carrying the trades of several symbols (combined streams / multi-arg
 * subscribe). Keeps itself alive: client pings where the exchange wants them, reconnect with
 * exponential backoff, and a planned reconnect before the exchange's own cut (Binance: 24 h).
 * Every (re)connect pauses the symbols' sequencers and runs their REST catch-up before live
 * trades flow again, so a dropped connection loses no trade.
 */
public final class TradeStream {

    private static final Logger LOG = LoggerFactory.getLogger(TradeStream.class);

    private final TradeProtocol protocol;
    private final ExchangeConfiguration config;
    private final TradesConfiguration trades;
    private final Map<String, TradeSequencer> sequencers;
    /** The symbols of this connection (an exchange's symbols may be spread over several). */
    private final List<String> symbols;
    private final RestTradeFetcher rest;
    private final HttpClient http;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService workers;
    private final OrderFlowMetrics metrics;

    private final Object lock = new Object();
    private boolean stopped = true;
    private int generation;
    private WebSocket socket;
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();
    private int failures;
    private volatile boolean connected;
    /** The liquidation stream sharing this connection; null when none. */
    private volatile LiquidationTap tap;
    private volatile long lastMessageNanos = System.nanoTime();

    public TradeStream(TradeProtocol protocol, ExchangeConfiguration config, Map<String, TradeSequencer> sequencers,
                       RestTradeFetcher rest, HttpClient http, ScheduledExecutorService scheduler,
                       ExecutorService workers, OrderFlowMetrics metrics) {
        this.protocol = protocol;
        this.config = config;
        this.trades = config.getOrderFlow();
        this.sequencers = Map.copyOf(sequencers);
        this.symbols = List.copyOf(sequencers.keySet());
        this.rest = rest;
        this.http = http;
        this.scheduler = scheduler;
        this.workers = workers;
        this.metrics = metrics;
        for (TradeSequencer s : this.sequencers.values()) {
            s.onCatchUpNeeded(() -> submitCatchUp(s));
        }
    }

    /** The section's keep-alive, or the exchange's own when the section sets none. */
    private io.dropwizard.util.Duration pingInterval() {
        return trades.getPingInterval() != null ? trades.getPingInterval() : protocol.venue().pingInterval();
    }

    /** From the section, or the default (see {@link TradesConfiguration#silenceTimeout}). */
    io.dropwizard.util.Duration silenceTimeout() {
        return trades.silenceTimeout();
    }

    /**
     * Carries the exchange's liquidation stream on this connection too (where the protocol has one),
     * into {@code recorder}; set before {@link #start()}.
     */
    void recordLiquidationsTo(LiquidationRecorder recorder) {
        protocol.liquidations().ifPresent(l -> tap = new LiquidationTap(l, recorder, venue().exchange(),
                sequencers.values().stream().map(TradeSequencer::market).toList(), metrics, System::currentTimeMillis,
                this::lastHeardAt));
    }

    /** Wall-clock time of the last frame that arrived on the current (or just lost) connection, or of its opening. */
    private long lastHeardAt() {
        return System.currentTimeMillis() - (System.nanoTime() - lastMessageNanos) / 1_000_000;
    }

    public ExchangeType venue() {
        return protocol.venue();
    }

    public boolean isConnected() {
        return connected;
    }

    public void start() {
        synchronized (lock) {
            stopped = false;
        }
        connect();
    }

    public void stop() {
        WebSocket ws;
        synchronized (lock) {
            stopped = true;
            generation++;
            cancelTimers();
            ws = socket;
            socket = null;
        }
        connected = false;
        if (ws != null) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "shutdown").orTimeout(2, TimeUnit.SECONDS)
                    .whenComplete((r, e) -> ws.abort());
        }
    }

    /** Drops the current connection and opens a new one (operator task, planned 24 h renewal). */
    public void reconnectNow(String why) {
        LOG.info("{}: reconnecting ({})", venue(), why);
        dropped(currentGeneration(), why, 0);
    }

    private int currentGeneration() {
        synchronized (lock) {
            return generation;
        }
    }

    private void connect() {
        int gen;
        synchronized (lock) {
            if (stopped) {
                return;
            }
            gen = ++generation;
        }
        sequencers.values().forEach(TradeSequencer::pause);
        long refusedFor = rest.gate().refusal().map(r -> r.retryAt().toEpochMilli() - System.currentTimeMillis()).orElse(0L);
        if (refusedFor > 0) {
            // the exchange refuses this location (met over REST): ask it again only when the refusal says
            synchronized (lock) {
                generation++;
            }
            LOG.info("{}: refused from this location; connecting again in {} s", venue(), refusedFor / 1000);
            scheduler.schedule(this::connect, refusedFor, TimeUnit.MILLISECONDS);
            return;
        }
        LiquidationTap liq = tap;
        URI uri = liq == null ? protocol.streamUri(config.getWsUrl(), symbols)
                : liq.streamUri(protocol.streamUri(config.getWsUrl(), symbols), symbols);
        LOG.info("{}: connecting to {}", venue(), uri);
        http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(15))
                .buildAsync(uri, new FrameListener(gen, this::currentGeneration,
                        () -> lastMessageNanos = System.nanoTime(), this::onMessage, (g, why) -> dropped(g, why, -1)))
                .whenComplete((ws, error) -> {
                    if (error != null) {
                        LOG.warn("{}: connecting to {} failed: {}", venue(), uri, error.toString());
                        long refusal = refusedUpgrade(error);
                        dropped(gen, refusal > 0 ? "refused from this location" : "connect failed", refusal > 0 ? refusal : -1);
                    } else {
                        rest.gate().served();
                        opened(gen, ws);
                    }
                });
    }

    /**
     * An upgrade answered 451 (Binance from a restricted location) or 403 (Bybit's CloudFront): books
     * the refusal on the exchange's gate and returns how long to wait; 0 for any other failure.
     */
    private long refusedUpgrade(Throwable error) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        if (cause instanceof java.net.http.WebSocketHandshakeException handshake) {
            int status = handshake.getResponse().statusCode();
            if (status == 451 || status == 403) {
                return rest.gate().refuse("WebSocket upgrade answered HTTP " + status + " (refused from this location)");
            }
        }
        return 0;
    }

    /** The exchange refuses this client's location (REST or WebSocket): not a connection to repair. */
    public boolean isRefused() {
        return rest.gate().refusal().isPresent();
    }

    public java.util.Optional<io.cryptoflow.collector.exchange.RegionRefusal> refusal() {
        return rest.gate().refusal();
    }

    private void opened(int gen, WebSocket ws) {
        TextSender sender = new TextSender(ws, venue().name());
        synchronized (lock) {
            if (gen != generation || stopped) {
                ws.abort();
                return;
            }
            socket = ws;
            failures = 0;
            cancelTimers();
            protocol.ping().ifPresent(ping -> {
                long every = pingInterval().toMilliseconds();
                timers.add(scheduler.scheduleAtFixedRate(() -> sender.send(ping), every, every, TimeUnit.MILLISECONDS));
            });
            lastMessageNanos = System.nanoTime();
            timers.add(new LivenessWatch(silenceTimeout().toMilliseconds(), () -> lastMessageNanos,
                    LivenessWatch.probe(ws, sender, protocol.ping()), why -> dropped(gen, why, -1)).scheduleOn(scheduler));
            long planned = trades.getPlannedReconnect().toMilliseconds();
            timers.add(scheduler.schedule(() -> {
                if (currentGeneration() == gen) {
                    reconnectNow("planned reconnect after " + trades.getPlannedReconnect());
                }
            }, planned, TimeUnit.MILLISECONDS));
        }
        connected = true;
        List<String> frames = new ArrayList<>(protocol.subscriptions(symbols));
        LiquidationTap liq = tap;
        if (liq != null) {
            frames.addAll(liq.subscriptions(symbols));
            liq.opened(frames.size());
        }
        for (int i = 0; i < frames.size(); i++) {
            String frame = frames.get(i);
            // paced: exchanges cut a connection sending more than 5-10 messages a second
            scheduler.schedule(() -> {
                if (currentGeneration() == gen) {
                    sender.send(frame);
                }
            }, i * TradeProtocol.SUBSCRIBE_SPACING_MILLIS, TimeUnit.MILLISECONDS);
        }
        sequencers.values().forEach(this::submitCatchUp);
    }

    private void submitCatchUp(TradeSequencer s) {
        workers.execute(() -> {
            try {
                s.catchUp(rest, Duration.ofMillis(trades.getRestPageInterval().toMilliseconds()),
                        Duration.ofMillis(trades.getMinReconnectDelay().toMilliseconds()),
                        Duration.ofMillis(trades.getMaxReconnectDelay().toMilliseconds()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.error("{}: catch-up failed", s.market(), e);
            }
        });
    }

    /** @param delayMs -1 = backoff */
    private void dropped(int gen, String why, long delayMs) {
        WebSocket old;
        long delay;
        synchronized (lock) {
            if (gen != generation || stopped) {
                return;
            }
            generation++; // callbacks of the old socket are ignored from now on
            cancelTimers();
            old = socket;
            socket = null;
            failures++;
            long min = trades.getMinReconnectDelay().toMilliseconds();
            long max = trades.getMaxReconnectDelay().toMilliseconds();
            long ceiling = Math.min(max, min << Math.min(failures - 1, 20));
            delay = delayMs >= 0 ? delayMs : ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
        }
        connected = false;
        sequencers.values().forEach(TradeSequencer::pause);
        if (tap != null) {
            tap.dropped();
        }
        metrics.reconnects.inc();
        if (old != null) {
            old.abort();
        }
        LOG.warn("{}: connection lost ({}), reconnecting in {} ms", venue(), why, delay);
        scheduler.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }

    private void cancelTimers() {
        timers.forEach(t -> t.cancel(false));
        timers.clear();
    }

    private void onMessage(String text) {
        LiquidationTap liq = tap;
        if (liq != null && liq.consumed(text)) {
            return;
        }
        List<SymbolTrade> trades;
        try {
            trades = protocol.parseMessage(text);
        } catch (MalformedTradeException e) {
            metrics.messagesRejected.inc();
            LOG.warn("{}: rejected a message that does not parse: {}", venue(), e.getMessage());
            return;
        }
        for (SymbolTrade st : trades) {
            TradeSequencer s = sequencers.get(st.symbol());
            if (s != null) {
                s.onLive(st.trade());
            }
        }
    }
}
