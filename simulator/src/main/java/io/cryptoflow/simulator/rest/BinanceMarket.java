package io.cryptoflow.simulator.rest;

import io.cryptoflow.simulator.market.Venue;

/**
 * What differs between Binance USD-M futures and Binance spot: path prefix, limits, weights and
 * number formatting (spot prints every decimal with 8 places).
 */
public record BinanceMarket(Venue venue, String pathPrefix, int maxKlineLimit, int aggTradesWeight,
                            boolean spot) {

    public static BinanceMarket futuresMarket() {
        return new BinanceMarket(Venue.BINANCE_FUTURES, "/fapi/v1/", 1500, 20, false);
    }

    public static BinanceMarket spotMarket() {
        return new BinanceMarket(Venue.BINANCE_SPOT, "/api/v3/", 1000, 4, true);
    }

    /** Request weight of a klines call with the given limit. */
    public int klineWeight(int limit) {
        if (spot) {
            return 2;
        }
        if (limit < 100) {
            return 1;
        }
        if (limit < 500) {
            return 2;
        }
        return limit <= 1000 ? 5 : 10;
    }
}
