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
