package io.cryptoflow.collector.client;

import java.util.Locale;
import java.util.Set;

/** The closed set of market types a configuration may name. */
public final class Markets {

    public static final Set<String> TYPES = Set.of(BinanceFuturesMarket.TYPE);

    private Markets() {
    }

    public static Market create(String type, String restUrl) {
        return switch (type.toLowerCase(Locale.ROOT)) {
            case BinanceFuturesMarket.TYPE -> new BinanceFuturesMarket(restUrl);
            default -> throw new IllegalArgumentException("unknown market type '" + type + "', accepted: " + TYPES);
        };
    }
}
