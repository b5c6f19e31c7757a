package io.cryptoflow.simulator.market;

/** A candle as served: open time, interval length and the aggregate of its trades up to now. */
public record Kline(long openTime, long intervalMillis, KlineAggregate agg, boolean closed) {

    public long closeTime() {
        return openTime + intervalMillis - 1;
    }
}
