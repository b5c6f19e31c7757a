package io.cryptoflow.collector.exchange;

import io.cryptoflow.collector.exchange.binance.BinanceArchive;
import io.cryptoflow.collector.exchange.binance.BinanceTradeProtocol;
import io.cryptoflow.collector.exchange.bitget.BitgetTradeProtocol;
import io.cryptoflow.collector.exchange.bybit.BybitArchive;
import io.cryptoflow.collector.exchange.bybit.BybitSpotArchive;
import io.cryptoflow.collector.exchange.bybit.BybitTradeProtocol;
import java.util.Optional;

/** Which exchange package speaks each {@link Venue}'s trades: the only place order flow names them. */
public final class Venues {

    private Venues() {
    }

    public static TradeProtocol protocol(Venue venue) {
        return switch (venue) {
            case BINANCE_FUTURES -> BinanceTradeProtocol.futures();
            case BINANCE_SPOT -> BinanceTradeProtocol.spot();
            case BYBIT -> new BybitTradeProtocol();
            case BYBIT_SPOT -> BybitTradeProtocol.spot();
            case BITGET -> new BitgetTradeProtocol();
        };
    }

    /** The venue's daily trade archive; Bitget publishes none this project reads. */
    public static Optional<TradeArchive> archive(Venue venue) {
        return switch (venue) {
            case BINANCE_FUTURES -> Optional.of(BinanceArchive.futures());
            case BINANCE_SPOT -> Optional.of(BinanceArchive.spot());
            case BYBIT -> Optional.of(new BybitArchive());
            case BYBIT_SPOT -> Optional.of(new BybitSpotArchive());
            case BITGET -> Optional.empty();
        };
    }
}
