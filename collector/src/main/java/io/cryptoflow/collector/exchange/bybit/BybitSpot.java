package io.cryptoflow.collector.exchange.bybit;

import io.cryptoflow.collector.exchange.ExchangeType;
import io.cryptoflow.collector.exchange.Market;
import io.cryptoflow.collector.exchange.TradeArchive;
import io.cryptoflow.collector.exchange.TradeProtocol;
import io.cryptoflow.collector.store.WriteMode;
import io.dropwizard.util.Duration;
import java.util.Optional;

/** Bybit v5 spot ({@code exchanges.bybit-spot}, stored as {@code BYBIT_SPOT}). */
public final class BybitSpot extends ExchangeType {

    public static final BybitSpot TYPE = new BybitSpot();

    private BybitSpot() {
        super("bybit-spot", "BYBIT_SPOT", WriteMode.FOOTPRINT_WITH_TAKER, false, Duration.seconds(20));
    }

    @Override
    public Market market(String restUrl) {
        return BybitMarket.spot(restUrl);
    }

    @Override
    public Optional<TradeProtocol> trades() {
        return Optional.of(BybitTradeProtocol.spot());
    }

    @Override
    public Optional<TradeArchive> archive() {
        return Optional.of(new BybitSpotArchive());
    }
}
