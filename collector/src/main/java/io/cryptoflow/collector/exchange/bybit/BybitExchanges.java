package io.cryptoflow.collector.exchange.bybit;

import io.cryptoflow.collector.exchange.ExchangeType;
import io.cryptoflow.collector.store.WriteMode;
import io.dropwizard.util.Duration;

/** Bybit v5's market types: klines without taker volume, so trades own buy/sell; a ping every 20 s. */
public final class BybitExchanges {

    /** Linear perpetuals, stored as {@code BYBIT}. */
    public static final ExchangeType LINEAR = new ExchangeType("bybit-linear", "BYBIT", WriteMode.FOOTPRINT_WITH_TAKER,
            false, Duration.seconds(20), BybitMarket::linear, BybitTradeProtocol::new, BybitArchive::new,
            BybitDerivatives::new);

    /** Spot, stored as {@code BYBIT_SPOT}. */
    public static final ExchangeType SPOT = new ExchangeType("bybit-spot", "BYBIT_SPOT", WriteMode.FOOTPRINT_WITH_TAKER,
            false, Duration.seconds(20), BybitMarket::spot, BybitTradeProtocol::spot, BybitSpotArchive::new);

    private BybitExchanges() {
    }
}
