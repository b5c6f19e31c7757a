package io.cryptoflow.collector.exchange;

import io.cryptoflow.collector.exchange.binance.BinanceFuturesMarket;
import io.cryptoflow.collector.exchange.binance.BinanceSpotMarket;
import io.cryptoflow.collector.exchange.bitget.BitgetMarket;
import io.cryptoflow.collector.exchange.bybit.BybitMarket;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** The closed set of market types a configuration may name. */
public final class Markets {

    public static final Set<String> TYPES = new TreeSet<>(Set.of(BinanceFuturesMarket.TYPE, BinanceSpotMarket.TYPE,
            BybitMarket.LINEAR_TYPE, BybitMarket.SPOT_TYPE, BitgetMarket.TYPE));

    private Markets() {
    }

    /** The trade venue of a market type; Bybit spot trades are not collected. */
    public static java.util.Optional<Venue> tradeVenue(String type) {
        return java.util.Optional.ofNullable(switch (type.toLowerCase(Locale.ROOT)) {
            case BinanceFuturesMarket.TYPE -> Venue.BINANCE_FUTURES;
            case BinanceSpotMarket.TYPE -> Venue.BINANCE_SPOT;
            case BybitMarket.LINEAR_TYPE -> Venue.BYBIT;
            case BybitMarket.SPOT_TYPE -> Venue.BYBIT_SPOT;
            case BitgetMarket.TYPE -> Venue.BITGET;
            default -> null;
        });
    }

    public static boolean isKnown(String type) {
        return type != null && TYPES.contains(type.toLowerCase(Locale.ROOT));
    }

    public static Market create(String type, String restUrl) {
        return switch (type.toLowerCase(Locale.ROOT)) {
            case BinanceFuturesMarket.TYPE -> new BinanceFuturesMarket(restUrl);
            case BinanceSpotMarket.TYPE -> new BinanceSpotMarket(restUrl);
            case BybitMarket.LINEAR_TYPE -> BybitMarket.linear(restUrl);
            case BybitMarket.SPOT_TYPE -> BybitMarket.spot(restUrl);
            case BitgetMarket.TYPE -> new BitgetMarket(restUrl);
            default -> throw new IllegalArgumentException("unknown market type '" + type + "', accepted: " + TYPES);
        };
    }
}
