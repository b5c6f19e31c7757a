package io.cryptoflow.collector.exchange.bitget;

import com.fasterxml.jackson.databind.JsonNode;
import io.cryptoflow.collector.exchange.MalformedResponseException;
import io.cryptoflow.collector.exchange.KlineJson;
import io.cryptoflow.collector.exchange.Market;
import io.cryptoflow.collector.exchange.NewestFirstMarket;
import io.cryptoflow.collector.exchange.RateLimitRules;
import io.cryptoflow.collector.exchange.Urls;
import io.cryptoflow.common.Candle;
import io.cryptoflow.common.Timeframe;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Bitget v2 USDT-M futures klines: {@code {code:"00000", msg, requestTime, data:[[ts, open, high,
 * low, close, baseVolume, quoteVolume], ...]}}, strings, ascending, the newest {@code limit} candles
 * with {@code startTime <= ts < endTime}. No taker volume. What this class relies on (see
 * docs/exchanges.md for the sources):
 * <ul>
 *   <li>daily bars on the UTC grid are {@code 1Dutc}; plain {@code 1D} opens at 00:00 UTC+8;</li>
 *   <li>{@code /candles} (≤ 1000 rows) reaches back only so far per granularity, and an empty page
 *       beyond that window is not "no data": older pages go to {@code /history-candles} (≤ 200 rows),
 *       which serves all history;</li>
 *   <li>{@code endTime} is exclusive, and a startTime..endTime span over 90 days is refused.</li>
 * </ul>
 */
public final class BitgetMarket extends NewestFirstMarket {

    private static final RateLimitRules RULES = new RateLimitRules(20, 1_000, null, limit -> 1, 0, 1_000);
    private static final long DAY = 86_400_000L;
    static final long MAX_SPAN_MS = 90 * DAY;
    static final int HISTORY_LIMIT = 200;

    private final String baseUrl;

    public BitgetMarket(String baseUrl) {
        super(BitgetExchanges.FUTURES.exchange(), RULES);
        this.baseUrl = baseUrl;
    }

    static String granularity(Timeframe tf) {
        return switch (tf) {
            case M1 -> "1m";
            case M5 -> "5m";
            case M15 -> "15m";
            case M30 -> "30m";
            case H1 -> "1H";
            case H4 -> "4H";
            case D1 -> "1Dutc";
        };
    }

    /**
     * Days {@code /candles} is trusted to reach back: ccxt's measured windows (30 days for 1m to 30m,
     * 60 for 1H; the docs say one month for 1m and 5m, 52 days for 15m, 62 for 30m), 90 for 4H and 1D
     * (inside the documented 240 and more). Pages starting earlier use the history endpoint.
     */
    static int recentDays(Timeframe tf) {
        return switch (tf) {
            case M1, M5, M15, M30 -> 30;
            case H1 -> 60;
            case H4, D1 -> 90;
        };
    }

    /**
     * Same boundary as ccxt's fetchOHLCV: the history endpoint when the oldest bar a page can hold
     * starts at or before now - (days - 1) days. A page holds the newest rows up to endTime, so with
     * an old startTime but a recent endTime the oldest bar is endTime - 1000 bars.
     */
    static boolean needsHistory(Timeframe tf, Long startTime, Long endTime, long nowMs) {
        if (startTime == null) {
            return false;
        }
        long oldest = endTime == null ? startTime : Math.max(startTime, endTime + 1 - 1000 * tf.millis());
        return oldest <= nowMs - (recentDays(tf) - 1) * DAY;
    }

    @Override
    public int pageLimit(Timeframe tf, Long startTime, Long endTime, long nowMs) {
        return needsHistory(tf, startTime, endTime, nowMs) ? HISTORY_LIMIT : maxLimit();
    }

    @Override
    public long maxSpanMillis() {
        return MAX_SPAN_MS;
    }

    @Override
    public URI klinesUri(String symbol, Timeframe tf, Long startTime, Long endTime, int limit) {
        return klinesUri(symbol, tf, startTime, endTime, limit, System.currentTimeMillis());
    }

    /** [startTime, endTime] inclusive as {@link Market} defines it; sent as Bitget's exclusive endTime. */
    @Override
    public URI klinesUri(String symbol, Timeframe tf, Long startTime, Long endTime, int limit, long nowMs) {
        boolean history = needsHistory(tf, startTime, endTime, nowMs);
        Long exclusiveEnd = endTime == null ? null : endTime + 1;
        Long start = startTime;
        if (start != null && exclusiveEnd != null && exclusiveEnd - start > MAX_SPAN_MS) {
            start = exclusiveEnd - MAX_SPAN_MS; // callers split ranges (maxSpanMillis); never send a refused span
        }
        StringBuilder q = new StringBuilder(Urls.stripSlash(baseUrl))
                .append(history ? "/api/v2/mix/market/history-candles" : "/api/v2/mix/market/candles")
                .append("?symbol=").append(symbol)
                .append("&productType=USDT-FUTURES&granularity=").append(granularity(tf));
        if (start != null) {
            q.append("&startTime=").append(start);
        }
        if (exclusiveEnd != null) {
            q.append("&endTime=").append(exclusiveEnd);
        }
        return URI.create(q.append("&limit=").append(Math.min(limit, history ? HISTORY_LIMIT : maxLimit())).toString());
    }

    @Override
    public List<Candle> parseKlines(byte[] body, Timeframe tf, long nowMs) throws MalformedResponseException {
        JsonNode root = KlineJson.read(body);
        if (root == null || !root.isObject()) {
            throw new MalformedResponseException("expected a Bitget response object");
        }
        String code = root.path("code").asText("");
        if (!"00000".equals(code)) {
            throw new MalformedResponseException("Bitget code " + code + ": " + root.path("msg").asText());
        }
        JsonNode data = root.get("data");
        if (data == null || !data.isArray()) {
            throw new MalformedResponseException("data missing");
        }
        List<Candle> candles = new ArrayList<>(data.size());
        for (int i = 0; i < data.size(); i++) {
            candles.add(KlineJson.ohlcvWithoutTaker(data.get(i), i, "a Bitget candle array", "ts", "base volume", tf, nowMs));
        }
        return candles;
    }
}
