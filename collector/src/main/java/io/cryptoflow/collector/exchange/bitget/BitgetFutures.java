package io.cryptoflow.collector.exchange.bitget;

import io.cryptoflow.collector.exchange.ExchangeType;
import io.cryptoflow.collector.exchange.Market;
import io.cryptoflow.collector.exchange.TradeArchive;
import io.cryptoflow.collector.exchange.TradeProtocol;
import io.cryptoflow.collector.store.WriteMode;
import io.dropwizard.util.Duration;
import java.util.Optional;

/** Bitget v2 USDT-M futures ({@code exchanges.bitget-futures}, stored as {@code BITGET}); no trade archive this project reads; cuts after 30 s without a ping. */
public final class BitgetFutures extends ExchangeType {

    public static final BitgetFutures TYPE = new BitgetFutures();

    private BitgetFutures() {
        super("bitget-futures", "BITGET", WriteMode.FOOTPRINT_WITH_TAKER, false, Duration.seconds(20));
    }

    @Override
    public Market market(String restUrl) {
        return new BitgetMarket(restUrl);
    }

    @Override
    public Optional<TradeProtocol> trades() {
        return Optional.of(new BitgetTradeProtocol());
    }

    @Override
    public Optional<TradeArchive> archive() {
        return Optional.empty();
    }
}
