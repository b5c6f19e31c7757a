package io.cryptoflow.collector.exchange;

import io.cryptoflow.collector.store.WriteMode;
import io.cryptoflow.common.Candle;
import io.cryptoflow.common.Timeframe;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;

/**
 * What differs between exchanges' kline APIs. Adding a market is one class implementing this;
 * fetching, paging, rate limiting and writing are shared.
 */
public interface Market {

    /** Exchange part of the stored symbol, e.g. BINANCE or BINANCE_SPOT: its {@link ExchangeType#exchange()}. */
    String exchange();

    /** Which candle columns this market's klines own. */
    WriteMode writeMode();

    /** Largest page the endpoint serves. */
    int maxLimit();

    /**
     * URL of one page of klines with open time in [startTime, endTime] (either may be null:
     * no start means the newest candles up to endTime, or simply the newest).
     */
    URI klinesUri(String symbol, Timeframe tf, Long startTime, Long endTime, int limit);

    /**
     * Like {@link #klinesUri(String, Timeframe, Long, Long, int)} for a market whose endpoint depends
     * on how old the page is (Bitget: recent vs history endpoint); {@code nowMs} is the market clock.
     */
    default URI klinesUri(String symbol, Timeframe tf, Long startTime, Long endTime, int limit, long nowMs) {
        return klinesUri(symbol, tf, startTime, endTime, limit);
    }

    /** Largest page for a request for [startTime, endTime] (nulls: the newest candles). */
    default int pageLimit(Timeframe tf, Long startTime, Long endTime, long nowMs) {
        return maxLimit();
    }

    /**
     * Widest [start, end] a single request may span (Bitget refuses over 90 days); callers split
     * longer ranges and take an empty answer as "no data" only for the span it covered.
     */
    default long maxSpanMillis() {
        return Long.MAX_VALUE;
    }

    /**
     * Parses a whole page, ascending by time. Candles whose close time is after {@code nowMs}
     * are returned with {@code closed = false}. Any malformed row rejects the whole page.
     */
    List<Candle> parseKlines(byte[] body, Timeframe tf, long nowMs) throws MalformedResponseException;

    /** Which end of a [start, end] range a page holds when the range has more than one page. */
    Paging paging();

    /** The exchange's rate-limit rules: what a request costs and what its answers mean. */
    RateLimitRules rateLimitRules();

    /**
     * Exchanges that report errors inside a 200 answer (Bybit retCode, Bitget code) say so here;
     * returns an exception to raise, or null when the answer is a normal page.
     */
    default ExchangeUnavailableException bodyLevelRateLimit(HttpResponse<byte[]> response) {
        return null;
    }

    /** FORWARD: a page holds the oldest candles from start (Binance); BACKWARD: the newest up to end (Bybit, Bitget). */
    enum Paging { FORWARD, BACKWARD }
}
