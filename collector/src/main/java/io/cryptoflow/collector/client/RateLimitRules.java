package io.cryptoflow.collector.client;

import java.util.function.IntUnaryOperator;

/**
 * An exchange's request budget.
 *
 * @param budgetPerMinute  weight the exchange allows per calendar minute
 * @param usedWeightHeader response header reporting the weight used this minute, or null
 * @param weightOfLimit    weight of one klines request for a given page size
 */
public record RateLimitRules(int budgetPerMinute, String usedWeightHeader, IntUnaryOperator weightOfLimit) {

    public int weight(int limit) {
        return weightOfLimit.applyAsInt(limit);
    }
}
