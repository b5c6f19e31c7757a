package io.cryptoflow.collector.exchange.bybit;

import io.cryptoflow.collector.exchange.ExchangeType;
import io.cryptoflow.collector.exchange.Market;
import io.cryptoflow.collector.exchange.TradeArchive;
import io.cryptoflow.collector.exchange.TradeProtocol;
import io.cryptoflow.collector.store.WriteMode;
import io.dropwizard.util.Duration;
import java.util.Optional;

/** Bybit v5 linear perpetuals ({@code exchanges.bybit-linear}, stored as {@code BYBIT}); Bybit wants a ping every 20 s. */
public final class BybitLinear extends ExchangeType {

    public static final BybitLinear TYPE = new BybitLinear();

    private BybitLinear() {
        super("bybit-linear", "BYBIT", WriteMode.FOOTPRINT_WITH_TAKER, false, Duration.seconds(20));
    }

    @Override
    public Market market(String restUrl) {
        return BybitMarket.linear(restUrl);
    }

    @Override
    public Optional<TradeProtocol> trades() {
        return Optional.of(new BybitTradeProtocol());
    }

    @Override
    public Optional<TradeArchive> archive() {
        return Optional.of(new BybitArchive());
    }
}
