package io.cryptoflow.simulator.limits;

import java.time.Clock;
import java.time.Duration;

/** Requests per fixed window on the wall clock (Bybit: 600 per 5 s, Bitget: 20 per second). */
public final class RequestCountLimiter {

    /** {@code remaining} after this request and the end of the current window (epoch ms). */
    public record Decision(boolean admitted, long limit, long remaining, long resetAtMs) {
    }

    private final long limit;
    private final long windowMs;
    private final boolean enforced;
    private final Clock wallClock;
    private long windowStart = Long.MIN_VALUE;
    private long count;

    public RequestCountLimiter(long limit, Duration window, boolean enforced, Clock wallClock) {
        this.limit = limit;
        this.windowMs = window.toMillis();
        this.enforced = enforced;
        this.wallClock = wallClock;
    }

    public synchronized Decision admit() {
        long now = wallClock.millis();
        long currentWindow = Math.floorDiv(now, windowMs) * windowMs;
        if (currentWindow != windowStart) {
            windowStart = currentWindow;
            count = 0;
        }
        long reset = windowStart + windowMs;
        if (enforced && count >= limit) {
            return new Decision(false, limit, 0, reset);
        }
        count++;
        return new Decision(true, limit, Math.max(0, limit - count), reset);
    }
}
