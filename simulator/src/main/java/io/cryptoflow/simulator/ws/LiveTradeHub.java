package io.cryptoflow.simulator.ws;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives every live stream: on each tick, each open session receives the trades the market clock
 * has passed since its last delivery (the same trades REST aggTrades serves for that time).
 */
public final class LiveTradeHub implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveTradeHub.class);
    private static final int MAX_TRADES_PER_TICK = 5_000;

    private final Set<StreamSession> sessions = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService ticker;
    private final Clock wallClock;
    private final Duration maxConnectionAge;

    /** {@code maxConnectionAge}: cut connections older than this on the wall clock (Binance: 24 h); null = never. */
    public LiveTradeHub(Duration tick, Clock wallClock, Duration maxConnectionAge) {
        this.wallClock = wallClock;
        this.maxConnectionAge = maxConnectionAge;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "exchange-simulator-live-trades");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(this::tick, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    void register(StreamSession session) {
        session.openedAtMs = wallClock.millis();
        sessions.add(session);
    }

    void unregister(StreamSession session) {
        sessions.remove(session);
    }

    /** Wall-clock now, for the sessions' message limits and keep-alive. */
    long now() {
        return wallClock.millis();
    }

    public int openSessions() {
        return sessions.size();
    }

    /** Cuts every open connection whose path starts with {@code pathPrefix} (no close frame). */
    public int dropConnections(String pathPrefix) {
        return eachOn(pathPrefix, StreamSession::disconnect);
    }

    /** Silences every open connection whose path starts with {@code pathPrefix} (see {@link StreamSession#silence}). */
    public int silenceConnections(String pathPrefix) {
        return eachOn(pathPrefix, StreamSession::silence);
    }

    private int eachOn(String pathPrefix, java.util.function.Consumer<StreamSession> action) {
        int n = 0;
        for (StreamSession s : sessions) {
            if (s.path().startsWith(pathPrefix)) {
                action.accept(s);
                n++;
            }
        }
        return n;
    }

    private void tick() {
        long now = wallClock.millis();
        for (StreamSession s : sessions) {
            if (maxConnectionAge != null && now - s.openedAtMs >= maxConnectionAge.toMillis()) {
                LOG.info("exchange simulator: cutting {} after its maximum connection age {}", s.path(), maxConnectionAge);
                s.disconnect();
                continue;
            }
            try {
                s.keepAlive(now);
                s.deliver(MAX_TRADES_PER_TICK);
            } catch (RuntimeException e) {
                LOG.warn("exchange simulator: live delivery failed on {}", s.path(), e);
            }
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
