package io.cryptoflow.collector.exchange;

import java.util.function.IntUnaryOperator;

/**
 * An exchange's request budget and what its refusals mean.
 *
 * @param budget                 weight (or request count) the exchange allows per window
 * @param windowMillis           length of the exchange's window (Binance: one calendar minute)
 * @param usedWeightHeader       response header reporting the weight used this window, or null
 * @param weightOfLimit          weight of one klines request for a given page size
 * @param forbiddenBackoffMillis how long a 403 stops all requests (Bybit: at least 10 min), 0 = normal backoff
 * @param defaultRetryAfterMillis wait after a 429/418 that carries no Retry-After
 * @param rolling                the budget holds in ANY window of that length (Bybit: "600 requests within
 *                               a 5-second window"), not per calendar window (Binance: per minute, as its
 *                               used-weight header counts)
 */
public record RateLimitRules(int budget, long windowMillis, String usedWeightHeader, IntUnaryOperator weightOfLimit,
                             long forbiddenBackoffMillis, long defaultRetryAfterMillis, boolean rolling) {

    /** Per calendar window. */
    public RateLimitRules(int budget, long windowMillis, String usedWeightHeader, IntUnaryOperator weightOfLimit,
                          long forbiddenBackoffMillis, long defaultRetryAfterMillis) {
        this(budget, windowMillis, usedWeightHeader, weightOfLimit, forbiddenBackoffMillis, defaultRetryAfterMillis, false);
    }

    public int weight(int limit) {
        return weightOfLimit.applyAsInt(limit);
    }
}
