package io.cryptoflow.collector.exchange.binance;

import io.cryptoflow.collector.exchange.ExchangeType;
import io.cryptoflow.collector.exchange.Market;
import io.cryptoflow.collector.exchange.TradeArchive;
import io.cryptoflow.collector.exchange.TradeProtocol;
import io.cryptoflow.collector.store.WriteMode;
import io.dropwizard.util.Duration;
import java.util.Optional;

/** Binance spot ({@code exchanges.binance-spot}, stored as {@code BINANCE_SPOT}). */
public final class BinanceSpot extends ExchangeType {

    public static final BinanceSpot TYPE = new BinanceSpot();

    private BinanceSpot() {
        super("binance-spot", "BINANCE_SPOT", WriteMode.FOOTPRINT, true, Duration.seconds(20));
    }

    @Override
    public Market market(String restUrl) {
        return new BinanceSpotMarket(restUrl);
    }

    @Override
    public Optional<TradeProtocol> trades() {
        return Optional.of(BinanceTradeProtocol.spot());
    }

    @Override
    public Optional<TradeArchive> archive() {
        return Optional.of(BinanceArchive.spot());
    }
}
