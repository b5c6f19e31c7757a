package io.cryptoflow.collector.exchange;

import io.cryptoflow.collector.store.WriteMode;

/**
 * What Bybit's and Bitget's kline APIs have in common: a page is the newest candles (at most 1000)
 * up to its end, so paging runs backward, and no taker volume is given.
 */
public abstract class NewestFirstMarket implements Market {

    private final String exchange;
    private final RateLimitRules rules;

    protected NewestFirstMarket(String exchange, RateLimitRules rules) {
        this.exchange = exchange;
        this.rules = rules;
    }

    @Override
    public final String exchange() {
        return exchange;
    }

    @Override
    public final WriteMode writeMode() {
        return WriteMode.KLINE_NO_TAKER;
    }

    @Override
    public final int maxLimit() {
        return 1000;
    }

    @Override
    public final Paging paging() {
        return Paging.BACKWARD;
    }

    @Override
    public final RateLimitRules rateLimitRules() {
        return rules;
    }
}
