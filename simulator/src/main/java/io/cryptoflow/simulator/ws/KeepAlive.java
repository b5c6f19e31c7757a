package io.cryptoflow.simulator.ws;

import java.time.Duration;

/**
 * The server side of a ping/pong keep-alive: a ping every {@code interval}, and the connection is cut
 * when no pong arrived for {@code pongTimeout} (Binance: "If the websocket server does not receive a
 * pong frame back from the connection within a 10 minute period, the connection will be disconnected").
 */
final class KeepAlive {

    enum Action { NONE, PING, CUT }

    private final long intervalMs;
    private final long pongTimeoutMs;
    private long lastPingMs;
    private long lastPongMs;

    /** {@code interval} null: the server never pings (and never cuts for a missing pong). */
    KeepAlive(Duration interval, Duration pongTimeout, long openedAtMs) {
        this.intervalMs = interval == null ? 0 : interval.toMillis();
        this.pongTimeoutMs = pongTimeout == null ? 0 : pongTimeout.toMillis();
        this.lastPingMs = openedAtMs;
        this.lastPongMs = openedAtMs;
    }

    /** What the server does at {@code nowMs}; a PING is taken as sent. */
    synchronized Action tick(long nowMs) {
        if (intervalMs <= 0) {
            return Action.NONE;
        }
        if (pongTimeoutMs > 0 && nowMs - lastPongMs >= pongTimeoutMs) {
            return Action.CUT;
        }
        if (nowMs - lastPingMs >= intervalMs) {
            lastPingMs = nowMs;
            return Action.PING;
        }
        return Action.NONE;
    }

    synchronized void ponged(long nowMs) {
        lastPongMs = nowMs;
    }
}
