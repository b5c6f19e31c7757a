package io.cryptoflow.collector.exchange.binance;

import io.cryptoflow.collector.exchange.RateLimitRules;

/** Binance USD-M futures: {@code GET /fapi/v1/klines}, 1500 per page, 2400 weight per minute. */
public final class BinanceFuturesMarket extends BinanceKlineMarket {

    private static final RateLimitRules RULES = new RateLimitRules(2400, 60_000, "X-MBX-USED-WEIGHT-1M",
            limit -> limit < 100 ? 1 : limit < 500 ? 2 : limit <= 1000 ? 5 : 10, 0, 60_000);

    public BinanceFuturesMarket(String baseUrl) {
        super(baseUrl, BinanceExchanges.FUTURES.exchange(), "/fapi/v1/klines", 1500, RULES);
    }
}
