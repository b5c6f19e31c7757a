package io.cryptoflow.collector.exchange.binance;

import com.fasterxml.jackson.databind.JsonNode;
import io.cryptoflow.collector.exchange.JsonNumbers;
import io.cryptoflow.collector.exchange.KlineJson;
import io.cryptoflow.collector.exchange.MalformedResponseException;
import io.cryptoflow.collector.exchange.Urls;
import io.cryptoflow.common.Candle;
import io.cryptoflow.common.Timeframe;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Binance's kline format, shared by USD-M futures and spot: an array of 12-element arrays,
 * [openTime, open, high, low, close, volume, closeTime, quoteVolume, trades, takerBuyBase,
 * takerBuyQuote, ignore], prices and volumes as strings, oldest first.
 */
final class BinanceKlines {

    private BinanceKlines() {
    }

    static URI uri(String baseUrl, String path, String symbol, Timeframe tf, Long start, Long end, int limit) {
        StringBuilder q = new StringBuilder(Urls.stripSlash(baseUrl)).append(path)
                .append("?symbol=").append(symbol)
                .append("&interval=").append(tf.label());
        if (start != null) {
            q.append("&startTime=").append(start);
        }
        if (end != null) {
            q.append("&endTime=").append(end);
        }
        q.append("&limit=").append(limit);
        return URI.create(q.toString());
    }

    static List<Candle> parse(byte[] body, Timeframe tf, long nowMs) throws MalformedResponseException {
        JsonNode root = KlineJson.read(body);
        if (root == null || !root.isArray()) {
            throw new MalformedResponseException("expected a JSON array of klines, got "
                    + (root == null ? "nothing" : root.getNodeType()));
        }
        List<Candle> candles = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) {
            JsonNode row = root.get(i);
            if (!row.isArray() || row.size() < 11) {
                throw new MalformedResponseException("row " + i + " is not a kline array of 12 fields: " + row);
            }
            long openTime = JsonNumbers.integer(row.get(0), "row " + i + " open time");
            long trades = JsonNumbers.integer(row.get(8), "row " + i + " trade count");
            boolean closed = openTime + tf.millis() <= nowMs;
            candles.add(Candle.fromTakerBuy(openTime,
                    JsonNumbers.decimal(row.get(1), "row " + i + " open"),
                    JsonNumbers.decimal(row.get(2), "row " + i + " high"),
                    JsonNumbers.decimal(row.get(3), "row " + i + " low"),
                    JsonNumbers.decimal(row.get(4), "row " + i + " close"),
                    JsonNumbers.decimal(row.get(5), "row " + i + " volume"),
                    JsonNumbers.decimal(row.get(9), "row " + i + " taker buy volume"),
                    trades, closed));
        }
        return candles;
    }

}
