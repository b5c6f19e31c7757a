package io.cryptoflow.collector.exchange.bitget;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptoflow.collector.exchange.JsonNumbers;
import io.cryptoflow.collector.exchange.MalformedResponseException;
import io.cryptoflow.collector.exchange.Market;
import io.cryptoflow.collector.exchange.RateLimitRules;
import io.cryptoflow.collector.exchange.Urls;
import io.cryptoflow.collector.store.WriteMode;
import io.cryptoflow.common.Candle;
import io.cryptoflow.common.Timeframe;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Bitget v2 USDT-M futures {@code GET /api/v2/mix/market/candles}: {@code {code:"00000", msg,
 * requestTime, data:[[ts, open, high, low, close, baseVolume, quoteVolume], ...]}}, strings,
 * ascending, the newest {@code limit} (≤ 1000) candles in [startTime, endTime]. No taker volume.
 */
public final class BitgetMarket implements Market {

    public static final String TYPE = "bitget-futures";
    public static final String EXCHANGE = "BITGET";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final RateLimitRules RULES = new RateLimitRules(20, 1_000, null, limit -> 1, 0, 1_000);

    private final String baseUrl;

    public BitgetMarket(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    @Override
    public String exchange() {
        return EXCHANGE;
    }

    @Override
    public WriteMode writeMode() {
        return WriteMode.KLINE_NO_TAKER;
    }

    @Override
    public int maxLimit() {
        return 1000;
    }

    @Override
    public Paging paging() {
        return Paging.BACKWARD;
    }

    @Override
    public RateLimitRules rateLimitRules() {
        return RULES;
    }

    static String granularity(Timeframe tf) {
        return switch (tf) {
            case M15 -> "15m";
            case H1 -> "1H";
            case H4 -> "4H";
            case D1 -> "1D";
        };
    }

    @Override
    public URI klinesUri(String symbol, Timeframe tf, Long startTime, Long endTime, int limit) {
        StringBuilder q = new StringBuilder(Urls.stripSlash(baseUrl))
                .append("/api/v2/mix/market/candles?symbol=").append(symbol)
                .append("&productType=USDT-FUTURES&granularity=").append(granularity(tf));
        if (startTime != null) {
            q.append("&startTime=").append(startTime);
        }
        if (endTime != null) {
            q.append("&endTime=").append(endTime);
        }
        return URI.create(q.append("&limit=").append(limit).toString());
    }

    @Override
    public List<Candle> parseKlines(byte[] body, Timeframe tf, long nowMs) throws MalformedResponseException {
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (IOException e) {
            throw new MalformedResponseException("body is not JSON: " + e.getMessage(), e);
        }
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
            JsonNode row = data.get(i);
            if (!row.isArray() || row.size() < 6) {
                throw new MalformedResponseException("row " + i + " is not a Bitget candle array: " + row);
            }
            long ts = JsonNumbers.integer(row.get(0), "row " + i + " ts");
            candles.add(new Candle(ts,
                    JsonNumbers.decimal(row.get(1), "row " + i + " open"),
                    JsonNumbers.decimal(row.get(2), "row " + i + " high"),
                    JsonNumbers.decimal(row.get(3), "row " + i + " low"),
                    JsonNumbers.decimal(row.get(4), "row " + i + " close"),
                    JsonNumbers.decimal(row.get(5), "row " + i + " base volume"),
                    0, 0, 0, 0, null, ts + tf.millis() <= nowMs));
        }
        return candles;
    }
}
