package io.cryptoflow.api.core;

import io.cryptoflow.common.Timeframe;
import java.util.List;

/**
 * A market the collector is configured to collect candles of, as replicated from its
 * {@code configured_markets} row (only active rows: a market no longer configured is not one).
 *
 * @param storedSymbol    "EXCHANGE:SYMBOL"
 * @param timeframes      the configured kline timeframes, in {@link Timeframe} order
 * @param configuredSince ms of the first collector start-up whose configuration named it
 */
public record ConfiguredMarket(String storedSymbol, List<Timeframe> timeframes, long configuredSince) {
}
