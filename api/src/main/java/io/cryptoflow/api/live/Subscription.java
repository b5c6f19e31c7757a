package io.cryptoflow.api.live;

import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.Timeframe;

/** One market in one timeframe a client follows. */
public record Subscription(MarketSymbol market, Timeframe tf) {

    public String storedSymbol() {
        return market.stored();
    }
}
