package io.cryptoflow.collector.store;

import io.cryptoflow.common.Candle;

/**
 * One candle as the upserts bind it ({@code :symbol}, {@code :time}, ...). A batch without taker
 * volumes binds NULL for them (not known, never 0); the mode's upsert never lets them replace
 * stored values.
 */
public record CandleRow(String symbol, long time, double open, double high, double low, double close,
                        double volume, Double buyVolume, Double sellVolume, Double delta, Long tradeCount,
                        String clusters, int closed) {

    static CandleRow of(String symbol, Candle c, boolean noTaker) {
        return new CandleRow(symbol, c.time(), c.open(), c.high(), c.low(), c.close(), c.volume(),
                noTaker ? null : c.buyVolume(), noTaker ? null : c.sellVolume(), noTaker ? null : c.delta(),
                noTaker ? null : c.tradeCount(), c.clusters(), c.closed() ? 1 : 0);
    }
}
