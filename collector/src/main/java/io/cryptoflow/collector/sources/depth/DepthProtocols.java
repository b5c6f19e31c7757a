package io.cryptoflow.collector.sources.depth;

import io.cryptoflow.collector.exchange.DepthProtocol;
import io.cryptoflow.collector.exchange.ExchangeType;
import io.cryptoflow.collector.exchange.binance.BinanceDepthProtocol;
import io.cryptoflow.collector.exchange.bitget.BitgetDepthProtocol;
import io.cryptoflow.collector.exchange.bitget.BitgetExchanges;
import io.cryptoflow.collector.exchange.binance.BinanceExchanges;
import io.cryptoflow.collector.exchange.bybit.BybitDepthProtocol;
import io.cryptoflow.collector.exchange.bybit.BybitExchanges;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** The market types whose order books are kept, by configuration key: Binance USD-M, Bybit linear and Bitget USDT-M futures. */
public final class DepthProtocols {

    private static final Map<String, Supplier<DepthProtocol>> BY_TYPE = Map.of(
            BinanceExchanges.FUTURES.name(), BinanceDepthProtocol::new,
            BybitExchanges.LINEAR.name(), BybitDepthProtocol::new,
            BitgetExchanges.FUTURES.name(), BitgetDepthProtocol::new);

    private DepthProtocols() {
    }

    public static Optional<DepthProtocol> of(ExchangeType type) {
        return Optional.ofNullable(BY_TYPE.get(type.name())).map(Supplier::get);
    }
}
