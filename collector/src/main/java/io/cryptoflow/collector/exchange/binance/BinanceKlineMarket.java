package io.cryptoflow.collector.exchange.binance;

import io.cryptoflow.collector.exchange.MalformedResponseException;
import io.cryptoflow.collector.exchange.Market;
import io.cryptoflow.collector.exchange.RateLimitRules;
import io.cryptoflow.collector.store.WriteMode;
import io.cryptoflow.common.Candle;
import io.cryptoflow.common.Timeframe;
import java.net.URI;
import java.util.List;

/**
 * What Binance's futures and spot kline endpoints share: the 12-field array shape, forward
 * paging from {@code startTime} (a range with more rows than a page is answered with its oldest;
 * the backfill walks newest first anyway, in windows of one page: sources/klines/BackfillPager),
 * taker volume in every row, the used-weight header. The two markets differ only in path, page size
 * and weight rules.
 */
abstract class BinanceKlineMarket implements Market {

    private final String baseUrl;
    private final String exchange;
    private final String path;
    private final int maxLimit;
    private final RateLimitRules rules;

    BinanceKlineMarket(String baseUrl, String exchange, String path, int maxLimit, RateLimitRules rules) {
        this.baseUrl = baseUrl;
        this.exchange = exchange;
        this.path = path;
        this.maxLimit = maxLimit;
        this.rules = rules;
    }

    @Override
    public String exchange() {
        return exchange;
    }

    @Override
    public WriteMode writeMode() {
        return WriteMode.KLINE;
    }

    @Override
    public int maxLimit() {
        return maxLimit;
    }

    @Override
    public URI klinesUri(String symbol, Timeframe tf, Long startTime, Long endTime, int limit) {
        return BinanceKlines.uri(baseUrl, path, symbol, tf, startTime, endTime, limit);
    }

    @Override
    public List<Candle> parseKlines(byte[] body, Timeframe tf, long nowMs) throws MalformedResponseException {
        return BinanceKlines.parse(body, tf, nowMs);
    }

    @Override
    public Paging paging() {
        return Paging.FORWARD;
    }

    @Override
    public RateLimitRules rateLimitRules() {
        return rules;
    }
}
