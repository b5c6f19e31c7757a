package io.cryptoflow.common;

/**
 * One settled funding of a perpetual market: {@code time} the funding time (ms), {@code rate} the rate
 * settled, {@code markPrice} the mark price of that settlement when the exchange gives one (Binance),
 * else null.
 */
public record FundingEvent(long time, double rate, Double markPrice) {
}
