package io.cryptoflow.api.core;

import io.cryptoflow.common.MarketSymbol;

/** The replica holds no candles at all for a market; mapped to a 404. */
public class UnknownSymbolException extends RuntimeException {

    public UnknownSymbolException(MarketSymbol market) {
        super("unknown symbol " + market.stored() + ": the replica holds no candles for it (see /api/symbols)");
    }

    public UnknownSymbolException(String message) {
        super(message);
    }
}
