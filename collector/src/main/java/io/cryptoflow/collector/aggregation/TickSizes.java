package io.cryptoflow.collector.aggregation;

import io.cryptoflow.collector.exchange.Prices;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Footprint price-level size per symbol: configured values first, else about 1e-4 of the price. */
public final class TickSizes {

    private final Map<String, Long> configured;

    public TickSizes(Map<String, BigDecimal> bySymbol) {
        var m = new java.util.HashMap<String, Long>();
        bySymbol.forEach((symbol, tick) -> {
            long scaled = Prices.of(tick);
            if (scaled <= 0) {
                throw new IllegalArgumentException("tick size for " + symbol + " must be > 0, got " + tick);
            }
            m.put(symbol.toUpperCase(Locale.ROOT), scaled);
        });
        this.configured = Map.copyOf(m);
    }

    public Optional<Long> configured(String symbol) {
        return Optional.ofNullable(configured.get(symbol.toUpperCase(Locale.ROOT)));
    }

    /**
     * A round tick near 1e-4 of the price: 1, 2 or 5 × 10^k (scaled). 100 000 → 10, 145 → 0.01,
     * 3 000 → 0.2, 0.000012 → 0.000000001.
     */
    public static long automatic(long scaledPrice) {
        if (scaledPrice <= 0) {
            return 1;
        }
        double target = scaledPrice * 1e-4;
        if (target < 1) {
            return 1;
        }
        long pow = 1;
        while (pow <= target / 10) {
            pow *= 10;
        }
        double m = target / pow;
        long nice = m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10;
        return nice * pow;
    }
}
