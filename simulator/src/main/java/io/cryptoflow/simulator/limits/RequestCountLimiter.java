package io.cryptoflow.simulator.limits;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;

/**
 * Requests per window on the wall clock, in one of two shapes:
 * <ul>
 *   <li>{@link #rolling}: at most {@code limit} admissions in ANY window of that length (Bybit v5
 *       "Rate Limit Rules": "600 requests within a 5-second window per IP"; the older pages say "No more
 *       than 600 requests are allowed in any 5-second window"). A burst at the end of one calendar
 *       window and the start of the next counts as one window here.</li>
 *   <li>{@link #fixed}: windows aligned to the epoch that reset at their end (Bitget's 20 requests per
 *       second: Bitget does not say how it counts, this is the lenient reading).</li>
 * </ul>
 */
public final class RequestCountLimiter {

    /** {@code remaining} after this request and when the next request fits again (epoch ms). */
    public record Decision(boolean admitted, long limit, long remaining, long resetAtMs) {
    }

    private final long limit;
    private final long windowMs;
    private final boolean enforced;
    private final Clock wallClock;
    private final boolean rolling;
    /** Rolling: admission times inside the current window, oldest first. */
    private final ArrayDeque<Long> admitted = new ArrayDeque<>();
    private long windowStart = Long.MIN_VALUE;
    private long count;

    /** Fixed, epoch-aligned windows (the behaviour before issue 24; still Bitget's). */
    public RequestCountLimiter(long limit, Duration window, boolean enforced, Clock wallClock) {
        this(limit, window, enforced, wallClock, false);
    }

    private RequestCountLimiter(long limit, Duration window, boolean enforced, Clock wallClock, boolean rolling) {
        this.limit = limit;
        this.windowMs = window.toMillis();
        this.enforced = enforced;
        this.wallClock = wallClock;
        this.rolling = rolling;
    }

    public static RequestCountLimiter fixed(long limit, Duration window, boolean enforced, Clock wallClock) {
        return new RequestCountLimiter(limit, window, enforced, wallClock, false);
    }

    public static RequestCountLimiter rolling(long limit, Duration window, boolean enforced, Clock wallClock) {
        return new RequestCountLimiter(limit, window, enforced, wallClock, true);
    }

    public synchronized Decision admit() {
        return rolling ? admitRolling() : admitFixed();
    }

    private Decision admitRolling() {
        long now = wallClock.millis();
        while (!admitted.isEmpty() && admitted.peekFirst() <= now - windowMs) {
            admitted.pollFirst();
        }
        if (enforced && admitted.size() >= limit) {
            return new Decision(false, limit, 0, admitted.peekFirst() + windowMs);
        }
        admitted.addLast(now);
        if (!enforced && admitted.size() > limit) {
            admitted.pollFirst(); // only the headers count; keep the memory bounded
        }
        long reset = admitted.size() >= limit ? admitted.peekFirst() + windowMs : now;
        return new Decision(true, limit, Math.max(0, limit - admitted.size()), reset);
    }

    private Decision admitFixed() {
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
