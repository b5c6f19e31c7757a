package io.cryptoflow.collector.client;

import io.cryptoflow.collector.db.WriteMode;
import io.cryptoflow.common.Candle;
import io.cryptoflow.common.Timeframe;
import java.net.URI;
import java.util.List;

/** Binance spot: {@code GET /api/v3/klines}, 1000 per page, weight 2, 6000 weight per minute. */
public final class BinanceSpotMarket implements Market {

    public static final String TYPE = "binance-spot";
    public static final String EXCHANGE = "BINANCE_SPOT";
    private static final RateLimitRules RULES = new RateLimitRules(6000, 60_000, "X-MBX-USED-WEIGHT-1M", limit -> 2, 0, 60_000);

    private final String baseUrl;

    public BinanceSpotMarket(String baseUrl) {
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
        return 1000;
    }

    @Override
    public URI klinesUri(String symbol, Timeframe tf, Long startTime, Long endTime, int limit) {
        return BinanceKlines.uri(baseUrl, "/api/v3/klines", symbol, tf, startTime, endTime, limit);
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
