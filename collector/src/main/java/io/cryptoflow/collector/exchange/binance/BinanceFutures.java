package io.cryptoflow.collector.exchange.binance;

import io.cryptoflow.collector.exchange.ExchangeType;
import io.cryptoflow.collector.exchange.Market;
import io.cryptoflow.collector.exchange.TradeArchive;
import io.cryptoflow.collector.exchange.TradeProtocol;
import io.cryptoflow.collector.store.WriteMode;
import io.dropwizard.util.Duration;
import java.util.Optional;

/** Binance USD-M futures ({@code exchanges.binance-futures}, stored as {@code BINANCE}); Binance pings the client, so its own keep-alive is rare. */
public final class BinanceFutures extends ExchangeType {

    public static final BinanceFutures TYPE = new BinanceFutures();

    private BinanceFutures() {
        super("binance-futures", "BINANCE", WriteMode.FOOTPRINT, true, Duration.minutes(3));
    }

    @Override
    public Market market(String restUrl) {
        return new BinanceFuturesMarket(restUrl);
    }

    @Override
    public Optional<TradeProtocol> trades() {
        return Optional.of(BinanceTradeProtocol.futures());
    }

    @Override
    public Optional<TradeArchive> archive() {
        return Optional.of(BinanceArchive.futures());
    }
}
