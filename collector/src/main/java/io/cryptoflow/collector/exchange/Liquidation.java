package io.cryptoflow.collector.exchange;

/**
 * One liquidation as an exchange pushed it.
 *
 * @param symbol   upper-case exchange symbol ({@code BTCUSDT})
 * @param time     the forced order's time, ms
 * @param longSide true when a LONG position was liquidated (closed by a forced sell)
 */
public record Liquidation(String symbol, long time, boolean longSide, double price, double qty) {
}
