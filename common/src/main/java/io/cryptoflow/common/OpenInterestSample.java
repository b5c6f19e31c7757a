package io.cryptoflow.common;

/**
 * Open interest of one market at {@code time} (ms): {@code oi} in base units, {@code value} its quote
 * value when the exchange gives one (Binance), else null: never 0 for "not known".
 */
public record OpenInterestSample(long time, double oi, Double value) {
}
