package io.cryptoflow.collector.exchange.bybit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptoflow.collector.exchange.ExchangeUnavailableException;
import io.cryptoflow.collector.exchange.MalformedResponseException;
import io.cryptoflow.collector.exchange.KlineJson;
import io.cryptoflow.collector.exchange.NewestFirstMarket;
import io.cryptoflow.collector.exchange.RateLimitRules;
import io.cryptoflow.collector.exchange.Urls;
import io.cryptoflow.common.Candle;
import io.cryptoflow.common.Timeframe;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Bybit v5 {@code GET /v5/market/kline}, category linear or spot: {@code {retCode, retMsg,
 * result:{list:[[start, open, high, low, close, volume, turnover], ...]}}}, all strings, NEWEST
 * FIRST, the newest {@code limit} (≤ 1000) candles in [start, end]. No taker volume. Errors come
 * as HTTP 200 with retCode ≠ 0; 10006 is the rate limit (600 requests / 5 s per IP).
 */
public final class BybitMarket extends NewestFirstMarket {

    private static final int RATE_LIMITED = 10006;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /**
     * 600 requests in any 5-second window per IP (Bybit v5 "Rate Limit Rules"; over it 403 and at least
     * 10 minutes of ban); kept at 500 because Bybit advises staying below the edge, and shared by
     * linear, spot and the REST trade catch-up ({@code RateGates.ipScope}).
     */
    private static final RateLimitRules RULES = new RateLimitRules(500, 5_000, null, limit -> 1, 600_000, 5_000, true);

    private final String baseUrl;
    private final String category;

    private BybitMarket(String baseUrl, String category, String exchange) {
        super(exchange, RULES);
        this.baseUrl = baseUrl;
        this.category = category;
    }

    public static BybitMarket linear(String baseUrl) {
        return new BybitMarket(baseUrl, "linear", BybitExchanges.LINEAR.exchange());
    }

    public static BybitMarket spot(String baseUrl) {
        return new BybitMarket(baseUrl, "spot", BybitExchanges.SPOT.exchange());
    }

    static String interval(Timeframe tf) {
        return switch (tf) {
            case M1 -> "1";
            case M5 -> "5";
            case M15 -> "15";
            case M30 -> "30";
            case H1 -> "60";
            case H4 -> "240";
            case D1 -> "D";
        };
    }

    @Override
    public URI klinesUri(String symbol, Timeframe tf, Long startTime, Long endTime, int limit) {
        StringBuilder q = new StringBuilder(Urls.stripSlash(baseUrl)).append("/v5/market/kline?category=")
                .append(category).append("&symbol=").append(symbol).append("&interval=").append(interval(tf));
        if (startTime != null) {
            q.append("&start=").append(startTime);
        }
        if (endTime != null) {
            q.append("&end=").append(endTime);
        }
        return URI.create(q.append("&limit=").append(limit).toString());
    }

    @Override
    public ExchangeUnavailableException bodyLevelRateLimit(HttpResponse<byte[]> response) {
        if (response.statusCode() != 200) {
            return null;
        }
        try {
            JsonNode root = MAPPER.readTree(response.body());
            if (root != null && root.path("retCode").asInt(0) == RATE_LIMITED) {
                long resetAt = response.headers().firstValue("X-Bapi-Limit-Reset-Timestamp")
                        .map(String::trim).map(Long::parseLong).orElse(0L);
                long wait = Math.max(1_000, resetAt - System.currentTimeMillis());
                return new ExchangeUnavailableException("Bybit retCode 10006 (rate limit)", wait, null);
            }
        } catch (IOException | NumberFormatException e) {
            return null; // parseKlines rejects it with the details
        }
        return null;
    }

    @Override
    public List<Candle> parseKlines(byte[] body, Timeframe tf, long nowMs) throws MalformedResponseException {
        JsonNode root = KlineJson.read(body);
        if (root == null || !root.isObject()) {
            throw new MalformedResponseException("expected a Bybit response object");
        }
        JsonNode retCode = root.get("retCode");
        if (retCode == null || !retCode.canConvertToInt()) {
            throw new MalformedResponseException("retCode missing");
        }
        if (retCode.asInt() != 0) {
            throw new MalformedResponseException("Bybit retCode " + retCode.asInt() + ": " + root.path("retMsg").asText());
        }
        JsonNode list = root.path("result").get("list");
        if (list == null || !list.isArray()) {
            throw new MalformedResponseException("result.list missing");
        }
        List<Candle> candles = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            candles.add(KlineJson.ohlcvWithoutTaker(list.get(i), i, "a Bybit kline array", "start", "volume", tf, nowMs));
        }
        Collections.reverse(candles);
        return candles;
    }
}
