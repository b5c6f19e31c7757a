package io.cryptoflow.api.core;

import io.cryptoflow.common.MarketSymbol;

/**
 * A market nobody configured: no collector is configured to collect it and the replica holds none of
 * its data (a typo in {@code symbol} or {@code exchange}); mapped to a 404. A configured market that
 * has no candle yet is not unknown ({@code EmptyPages}).
 */
public class UnknownSymbolException extends RuntimeException {

    public UnknownSymbolException(MarketSymbol market) {
        super("unknown market " + market.stored() + ": no collector is configured for it and the replica holds no"
                + " candles of it; check the symbol and exchange parameters (/api/symbols lists the markets)");
    }

    public UnknownSymbolException(String message) {
        super(message);
    }
}
