package io.cryptoflow.collector.sources.klines;

import io.cryptoflow.common.Timeframe;

/** Candle open times {@code from..to}, both inclusive and aligned to the timeframe. */
public record TimeRange(long from, long to) {

    public TimeRange {
        if (to < from) {
            throw new IllegalArgumentException("range ends before it starts: " + from + ".." + to);
        }
    }

    public long candles(Timeframe tf) {
        return (to - from) / tf.millis() + 1;
    }
}
