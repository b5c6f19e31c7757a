package io.cryptoflow.api.core;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.cryptoflow.common.Candle;

/**
 * A candle as the API serves it; buy/sell volume, delta and trade count are {@code null} when the
 * market's klines do not carry them and no trades were seen (never a made-up 0). {@code clusters} is written as raw JSON: the stored text is
 * already the footprint object, so it is not parsed and re-serialised for every candle.
 */
public record CandleJson(
        long time,
        double open,
        double high,
        double low,
        double close,
        double volume,
        Double buyVolume,
        Double sellVolume,
        Double delta,
        Long tradeCount,
        @JsonRawValue String clusters,
        boolean closed) {

    public static CandleJson of(Candle c) {
        return new CandleJson(c.time(), c.open(), c.high(), c.low(), c.close(), c.volume(), c.buyVolume(),
                c.sellVolume(), c.delta(), c.tradeCount(), clustersOrEmpty(c.clusters()), c.closed());
    }

    /**
     * The stored text when it looks like a JSON object, else {@code {}}. The collector validates
     * clusters before writing; this guard only keeps one odd row from breaking a whole response.
     */
    static String clustersOrEmpty(String stored) {
        if (stored == null) {
            return "{}";
        }
        String s = stored.strip();
        return s.length() >= 2 && s.charAt(0) == '{' && s.charAt(s.length() - 1) == '}' ? s : "{}";
    }
}
