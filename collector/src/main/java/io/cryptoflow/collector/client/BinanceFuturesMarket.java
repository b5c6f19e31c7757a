package io.cryptoflow.collector.client;

import io.cryptoflow.collector.db.WriteMode;
import io.cryptoflow.common.Candle;
import io.cryptoflow.common.Timeframe;
import java.net.URI;
import java.util.List;

/** Binance USD-M futures: {@code GET /fapi/v1/klines}, 1500 per page, 2400 weight per minute. */
public final class BinanceFuturesMarket implements Market {

    public static final String TYPE = "binance-futures";
    public static final String EXCHANGE = "BINANCE";
    private static final RateLimitRules RULES = new RateLimitRules(2400, 60_000, "X-MBX-USED-WEIGHT-1M",
            limit -> limit < 100 ? 1 : limit < 500 ? 2 : limit <= 1000 ? 5 : 10, 0, 60_000);

    private final String baseUrl;

    public BinanceFuturesMarket(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    @Override
    public String exchange() {
        return EXCHANGE;
    }

    @Override
    public WriteMode writeMode() {
        return WriteMode.KLINE;
    }

    @Override
    public int maxLimit() {
        return 1500;
    }

    @Override
    public URI klinesUri(String symbol, Timeframe tf, Long startTime, Long endTime, int limit) {
        return BinanceKlines.uri(baseUrl, "/fapi/v1/klines", symbol, tf, startTime, endTime, limit);
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
        return RULES;
    }
}
