package io.cryptoflow.api.core;

/** First and last candle open time (epoch ms) of one market in one timeframe. */
public record TimeRange(long first, long last) {
}
