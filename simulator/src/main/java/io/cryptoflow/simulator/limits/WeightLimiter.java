package io.cryptoflow.simulator.limits;

import java.time.Clock;
import java.time.Duration;

/**
 * Binance-style request-weight budget per fixed window (a calendar minute by default): over budget
 * → 429 with Retry-After until the window ends; a request during that 429 window → 418 ban for
 * {@code banDuration}, and every request during the ban is answered 418 with the remaining time.
 * Windows follow the real (wall) clock, not the simulated market clock.
 */
public final class WeightLimiter {

    /** Outcome of {@link #admit}: status 200 (go ahead), 429 or 418; {@code usedWeight} for the header. */
    public record Decision(int status, long usedWeight, long retryAfterSeconds, long bannedUntilMs) {
        public boolean admitted() {
            return status == 200;
        }
    }

    private final long limit;
    private final long windowMs;
    private final long banMs;
    private final boolean enforced;
    private final Clock wallClock;

    private long windowStart = Long.MIN_VALUE;
    private long used;
    private long limitedUntil;
    private long bannedUntil;

    public WeightLimiter(long limit, Duration window, Duration banDuration, boolean enforced, Clock wallClock) {
        this.limit = limit;
        this.windowMs = window.toMillis();
        this.banMs = banDuration.toMillis();
        this.enforced = enforced;
        this.wallClock = wallClock;
    }

    public long limit() {
        return limit;
    }

    public synchronized Decision admit(long weight) {
        long now = wallClock.millis();
        long currentWindow = Math.floorDiv(now, windowMs) * windowMs;
        if (currentWindow != windowStart) {
            windowStart = currentWindow;
            used = 0;
        }
        if (enforced) {
            if (now < bannedUntil) {
                return new Decision(418, used, secondsUntil(bannedUntil, now), bannedUntil);
            }
            if (now < limitedUntil) {
                bannedUntil = now + banMs;
                return new Decision(418, used, secondsUntil(bannedUntil, now), bannedUntil);
            }
            if (used + weight > limit) {
                limitedUntil = windowStart + windowMs;
                return new Decision(429, used, secondsUntil(limitedUntil, now), 0);
            }
        }
        used += weight;
        return new Decision(200, used, 0, 0);
    }

    private static long secondsUntil(long until, long now) {
        return Math.max(1, (until - now + 999) / 1000);
    }
}
