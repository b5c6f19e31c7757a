package io.cryptoflow.api.api;

/** First and last candle open time (epoch ms) of one market in one timeframe. */
public record TimeRange(long first, long last) {
}
