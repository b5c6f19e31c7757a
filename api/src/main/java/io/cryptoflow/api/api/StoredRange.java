package io.cryptoflow.api.api;

/**
 * First and last candle open time (epoch ms) api.db holds for one market in one timeframe. Not the
 * collector's {@code TimeRange}, a range of open times to fetch.
 */
public record StoredRange(long first, long last) {
}
