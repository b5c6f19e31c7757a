package io.cryptoflow.simulator.rest;

import io.cryptoflow.simulator.http.SimResponse;
import io.cryptoflow.simulator.limits.RequestCountLimiter;
import io.cryptoflow.simulator.market.MarketData;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Bybit's per-IP limit, shared by every Bybit REST endpoint (klines and recent trades alike).
 * Source: Bybit v5 docs "Rate Limit" (https://bybit-exchange.github.io/docs/v5/rate-limit): over the
 * IP limit (600 requests / 5 s) the answer is HTTP 403 "access too frequent" and the IP stays banned
 * for at least 10 minutes; retCode 10006 is the per-UID limit. The ban applies to the IP, so every
 * endpoint answers 403 until it ends.
 */
public final class BybitGate {

    private final RequestCountLimiter limiter;
    private final Duration ipBan;
    private final Clock wallClock;
    private long bannedUntil;

    /** {@code ipBan}: when set, over budget → HTTP 403 for that long instead of retCode 10006. */
    public BybitGate(RequestCountLimiter limiter, Duration ipBan, Clock wallClock) {
        this.limiter = limiter;
        this.ipBan = ipBan;
        this.wallClock = wallClock;
    }

    /** Bans the IP now for {@code duration}, as Bybit does after abuse (fault injection for tests). */
    public synchronized void ban(Duration duration) {
        bannedUntil = Math.max(bannedUntil, wallClock.millis() + duration.toMillis());
    }

    public synchronized long bannedUntil() {
        return bannedUntil;
    }

    /** The 403 to answer, or null with the limiter's decision in {@code decision[0]}. */
    synchronized SimResponse admit(RequestCountLimiter.Decision[] decision) {
        if (wallClock.millis() < bannedUntil) {
            return forbidden();
        }
        RequestCountLimiter.Decision d = limiter.admit();
        if (!d.admitted() && ipBan != null) {
            bannedUntil = wallClock.millis() + ipBan.toMillis();
            return forbidden();
        }
        decision[0] = d;
        return null;
    }

    /**
     * Answers one request through the gate: banned → the 403; over the budget → retCode 10006;
     * otherwise what {@code endpoint} answers. Every answer but the 403 carries the limit headers.
     */
    SimResponse serve(MarketData data, Supplier<SimResponse> endpoint) {
        RequestCountLimiter.Decision[] decision = new RequestCountLimiter.Decision[1];
        SimResponse refused = admit(decision);
        if (refused != null) {
            return refused;
        }
        SimResponse response = decision[0].admitted() ? endpoint.get() : error(data.now(), 10006, "Too many visits!");
        return withLimitHeaders(response, decision[0]);
    }

    static SimResponse forbidden() {
        return SimResponse.text(403, "403 Forbidden: access too frequent, wait at least 10 minutes"
                + " (exchange simulator, Bybit IP limit)");
    }

    static SimResponse withLimitHeaders(SimResponse response, RequestCountLimiter.Decision d) {
        return response.header("X-Bapi-Limit", Long.toString(d.limit()))
                .header("X-Bapi-Limit-Status", Long.toString(d.remaining()))
                .header("X-Bapi-Limit-Reset-Timestamp", Long.toString(d.resetAtMs()));
    }

    static SimResponse error(long now, int retCode, String msg) {
        return SimResponse.json(200, "{\"retCode\":" + retCode + ",\"retMsg\":\"" + msg
                + "\",\"result\":{},\"retExtInfo\":{},\"time\":" + now + "}");
    }
}
