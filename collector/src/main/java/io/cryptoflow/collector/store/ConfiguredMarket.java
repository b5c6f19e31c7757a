package io.cryptoflow.collector.store;

/**
 * One market the running configuration collects, as {@code configured_markets} records it
 * ({@code common/ConfiguredMarketSchema}).
 *
 * @param symbol     stored name ("EXCHANGE:SYMBOL")
 * @param timeframes its kline timeframes, {@code ConfiguredMarketSchema.timeframes}
 * @param kinds      the other data kinds collected of it, {@code ConfiguredMarketSchema.kinds} ("" for none)
 */
public record ConfiguredMarket(String symbol, String timeframes, String kinds) {
}
