package io.cryptoflow.api.core;

import io.cryptoflow.common.MarketSymbol;

/**
 * The market is configured (the collector collects its candles) but a data kind is not collected for
 * it: answered 409, telling which configuration key switches the kind on; distinct from an unknown
 * market (404).
 */
public class NotCollectedException extends RuntimeException {

    public NotCollectedException(DataKind kind, MarketSymbol market) {
        super(kind.label() + " not collected for " + market.stored() + ": the market is configured, but no "
                + kind.label() + " of it reached the replica since it was configured; to collect them set "
                + kind.setting() + " in the collector's configuration and restart it");
    }
}
