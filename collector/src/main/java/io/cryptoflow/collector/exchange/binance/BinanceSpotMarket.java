package io.cryptoflow.collector.exchange.binance;

import io.cryptoflow.collector.exchange.RateLimitRules;

/** Binance spot: {@code GET /api/v3/klines}, 1000 per page, weight 2, 6000 weight per minute. */
public final class BinanceSpotMarket extends BinanceKlineMarket {

    private static final RateLimitRules RULES = new RateLimitRules(6000, 60_000, "X-MBX-USED-WEIGHT-1M", limit -> 2, 0, 60_000);

    public BinanceSpotMarket(String baseUrl) {
        super(baseUrl, BinanceExchanges.SPOT.exchange(), "/api/v3/klines", 1000, RULES);
    }
}
