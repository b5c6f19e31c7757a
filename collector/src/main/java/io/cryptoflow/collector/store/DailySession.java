package io.cryptoflow.collector.store;

/**
 * One UTC day's volume profile of a market symbol, stored in {@code sessions}.
 *
 * @param symbol stored form, e.g. BINANCE:BTCUSDT
 * @param date   UTC date, ISO yyyy-MM-dd
 */
public record DailySession(String symbol, String date, Double poc, Double vwap, Double vah, Double val, double volume) {
}
