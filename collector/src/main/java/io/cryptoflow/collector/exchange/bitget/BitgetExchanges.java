package io.cryptoflow.collector.exchange.bitget;

import io.cryptoflow.collector.exchange.ExchangeType;
import io.cryptoflow.collector.store.WriteMode;
import io.dropwizard.util.Duration;

/** Bitget v2's market type: klines without taker volume, no trade archive this project reads. */
public final class BitgetExchanges {

    /** USDT-M futures, stored as {@code BITGET}; it cuts a stream after 30 s without a ping. */
    public static final ExchangeType FUTURES = new ExchangeType("bitget-futures", "BITGET",
            WriteMode.FOOTPRINT_WITH_TAKER, false, Duration.seconds(20), BitgetMarket::new, BitgetTradeProtocol::new, null,
            BitgetDerivatives::new);

    private BitgetExchanges() {
    }
}
