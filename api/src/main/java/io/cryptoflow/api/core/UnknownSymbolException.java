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

    /** Unknown, asked for one {@link DataKind}: api.db holds neither candles nor any of that kind of it. */
    public UnknownSymbolException(MarketSymbol market, DataKind kind) {
        super("unknown market " + market.stored() + ": no collector is configured for it and the replica holds no"
                + " candles and no " + kind.label() + " of it; check the symbol and exchange parameters"
                + " (/api/symbols lists the markets)");
    }

    public UnknownSymbolException(String message) {
        super(message);
    }
}
