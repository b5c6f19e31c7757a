package io.cryptoflow.collector.db;

import io.cryptoflow.common.Candle;

/**
 * One candle as the upserts bind it ({@code :symbol}, {@code :time}, ...). A batch without taker
 * volumes binds 0 for them; the mode's upsert never lets those zeros replace stored values.
 */
public record CandleRow(String symbol, long time, double open, double high, double low, double close,
                        double volume, double buyVolume, double sellVolume, double delta, long tradeCount,
                        String clusters, int closed) {

    static CandleRow of(String symbol, Candle c, boolean noTaker) {
        return new CandleRow(symbol, c.time(), c.open(), c.high(), c.low(), c.close(), c.volume(),
                noTaker ? 0 : c.buyVolume(), noTaker ? 0 : c.sellVolume(), noTaker ? 0 : c.delta(),
                noTaker ? 0 : c.tradeCount(), c.clusters(), c.closed() ? 1 : 0);
    }
}
