package io.cryptoflow.collector.sources.klines;

import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with full jitter, capped; the exchange's Retry-After wins when longer. */
public final class Backoff {

    private final long baseMillis;
    private final long maxMillis;
    private int failures;

    public Backoff(long baseMillis, long maxMillis) {
        this.baseMillis = Math.max(1, baseMillis);
        this.maxMillis = Math.max(this.baseMillis, maxMillis);
    }

    public long nextDelay(long retryAfterMillis) {
        long ceiling = Math.min(maxMillis, baseMillis << Math.min(failures, 20));
        failures++;
        long jittered = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
        return Math.max(jittered, retryAfterMillis);
    }

    public void reset() {
        failures = 0;
    }
}
