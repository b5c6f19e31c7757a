package io.cryptoflow.simulator.market;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * Price and quantity grid of one simulated symbol. Prices and quantities are integers in units of
 * 10^-scale so that every sum the simulator reports is exact.
 */
public record SymbolSpec(String symbol, double basePrice, int priceScale, int qtyScale, long typicalQtyUnits) {

    public SymbolSpec {
        if (priceScale < 0 || priceScale > 8 || qtyScale < 0 || qtyScale > 8) {
            throw new IllegalArgumentException("price and quantity scales must be 0..8");
        }
        if (!(basePrice > 0) || typicalQtyUnits < 1) {
            throw new IllegalArgumentException("basePrice must be > 0 and typicalQtyUnits >= 1");
        }
    }

    public static SymbolSpec defaultFor(String symbol) {
        String s = symbol.toUpperCase(Locale.ROOT);
        if (s.startsWith("BTC")) {
            return new SymbolSpec(s, 60_000, 1, 3, 50);
        }
        if (s.startsWith("ETH")) {
            return new SymbolSpec(s, 3_000, 2, 3, 800);
        }
        if (s.startsWith("SOL")) {
            return new SymbolSpec(s, 150, 2, 2, 1_000);
        }
        if (s.startsWith("BNB")) {
            return new SymbolSpec(s, 600, 2, 2, 200);
        }
        // Other symbols trade around 10 (between 5 and 15, fixed per name).
        double base = 5 + Math.floorMod(s.hashCode(), 1000) / 100.0;
        return new SymbolSpec(s, base, 4, 1, 1_000);
    }

    public BigDecimal price(long units) {
        return BigDecimal.valueOf(units, priceScale);
    }

    public BigDecimal qty(long units) {
        return BigDecimal.valueOf(units, qtyScale);
    }

    public BigDecimal quote(long units) {
        return BigDecimal.valueOf(units, priceScale + qtyScale);
    }
}
