package io.cryptoflow.collector.store;

import io.cryptoflow.common.Candle;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.Timeframe;
import java.util.List;

/** Candles of one market symbol and timeframe, written in one transaction or not at all. */
public record CandleBatch(MarketSymbol market, Timeframe timeframe, List<Candle> candles, WriteMode mode) {

    public CandleBatch {
        candles = List.copyOf(candles);
    }
}
