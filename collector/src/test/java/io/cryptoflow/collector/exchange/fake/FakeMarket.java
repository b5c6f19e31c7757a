package io.cryptoflow.collector.exchange.fake;

import com.fasterxml.jackson.databind.JsonNode;
import io.cryptoflow.collector.exchange.JsonNumbers;
import io.cryptoflow.collector.exchange.KlineJson;
import io.cryptoflow.collector.exchange.MalformedResponseException;
import io.cryptoflow.collector.exchange.Market;
import io.cryptoflow.collector.exchange.RateLimitRules;
import io.cryptoflow.collector.exchange.Urls;
import io.cryptoflow.collector.store.WriteMode;
import io.cryptoflow.common.Candle;
import io.cryptoflow.common.Timeframe;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The fake exchange's kline API ({@link FakeKlineServer}): {@code GET /klines?symbol&tf&start&end&limit}
 * answers {@code [[openTime, open, high, low, close, volume], ...]}, oldest first, from start.
 */
final class FakeMarket implements Market {

    private static final RateLimitRules RULES = new RateLimitRules(1000, 1_000, null, limit -> 1, 0, 1_000);

    private final String restUrl;

    FakeMarket(String restUrl) {
        this.restUrl = restUrl;
    }

    @Override
    public String exchange() {
        return FakeExchange.TYPE.exchange();
    }

    @Override
    public WriteMode writeMode() {
        return WriteMode.KLINE_NO_TAKER;
    }

    @Override
    public int maxLimit() {
        return 500;
    }

    @Override
    public URI klinesUri(String symbol, Timeframe tf, Long startTime, Long endTime, int limit) {
        return URI.create(Urls.stripSlash(restUrl) + "/klines?symbol=" + symbol + "&tf=" + tf.label()
                + "&start=" + (startTime == null ? "" : startTime) + "&end=" + (endTime == null ? "" : endTime)
                + "&limit=" + limit);
    }

    @Override
    public List<Candle> parseKlines(byte[] body, Timeframe tf, long nowMs) throws MalformedResponseException {
        JsonNode root = KlineJson.read(body);
        if (root == null || !root.isArray()) {
            throw new MalformedResponseException("expected a JSON array of klines");
        }
        List<Candle> candles = new ArrayList<>();
        for (JsonNode row : root) {
            long time = JsonNumbers.integer(row.get(0), "open time");
            candles.add(Candle.withoutTaker(time, JsonNumbers.decimal(row.get(1), "open"),
                    JsonNumbers.decimal(row.get(2), "high"), JsonNumbers.decimal(row.get(3), "low"),
                    JsonNumbers.decimal(row.get(4), "close"), JsonNumbers.decimal(row.get(5), "volume"),
                    time + tf.millis() <= nowMs));
        }
        return candles;
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
