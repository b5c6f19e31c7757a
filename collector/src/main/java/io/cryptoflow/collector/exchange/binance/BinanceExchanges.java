package io.cryptoflow.collector.exchange.binance;

import io.cryptoflow.collector.exchange.ExchangeType;
import io.cryptoflow.collector.store.WriteMode;
import io.dropwizard.util.Duration;

/** Binance's market types: klines with taker volume, aggTrades with contiguous ids, daily archives. */
public final class BinanceExchanges {

    /** USD-M futures, stored as {@code BINANCE}; Binance pings the client, so its own keep-alive is rare. */
    public static final ExchangeType FUTURES = new ExchangeType("binance-futures", "BINANCE", WriteMode.FOOTPRINT,
            true, Duration.minutes(3), BinanceFuturesMarket::new, BinanceTradeProtocol::futures, BinanceArchive::futures,
            BinanceDerivatives::new);

    /** Spot, stored as {@code BINANCE_SPOT}. */
    public static final ExchangeType SPOT = new ExchangeType("binance-spot", "BINANCE_SPOT", WriteMode.FOOTPRINT,
            true, Duration.seconds(20), BinanceSpotMarket::new, BinanceTradeProtocol::spot, BinanceArchive::spot);

    private BinanceExchanges() {
    }
}
