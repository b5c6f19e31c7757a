package io.cryptoflow.collector.store;

/**
 * One liquidation event as a partition row holds it ({@code common/LiquidationSchema}).
 *
 * @param symbol   bare exchange symbol ({@code BTCUSDT}); the exchange is the partition's
 * @param time     the exchange's time of the forced order, ms
 * @param longSide true when a long position was liquidated (a forced sell)
 */
public record LiquidationRow(String symbol, long time, boolean longSide, double price, double qty) {
}
