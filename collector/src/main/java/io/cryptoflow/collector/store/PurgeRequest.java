package io.cryptoflow.collector.store;

import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.Timeframe;
import java.util.List;

/**
 * What to delete of one market symbol: its candles of the given timeframes with an open time
 * before {@code before} ({@link #EVERYTHING} for all), and, when {@code sessions} is set, its daily
 * sessions whose UTC day starts before {@code before}.
 */
public record PurgeRequest(MarketSymbol market, List<Timeframe> timeframes, long before, boolean sessions) {

    public static final long EVERYTHING = Long.MAX_VALUE;

    public PurgeRequest {
        if (market == null) {
            throw new IllegalArgumentException("market is required");
        }
        timeframes = List.copyOf(timeframes);
        if (timeframes.isEmpty()) {
            throw new IllegalArgumentException("at least one timeframe is required");
        }
        if (before <= 0) {
            throw new IllegalArgumentException("before must be a positive epoch millisecond, got " + before);
        }
    }

    /** Every candle of every timeframe and every session of the symbol. */
    public static PurgeRequest all(MarketSymbol market) {
        return new PurgeRequest(market, Timeframe.all(), EVERYTHING, true);
    }
}
