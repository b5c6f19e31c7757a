package io.cryptoflow.simulator.market;

/**
 * One simulated forced (liquidation) order, filled as one of the tape's trades: {@code aggId} is
 * that trade. {@code longLiquidated} true = a long position was closed by a forced SELL (Binance
 * {@code "S":"SELL"}, Bybit {@code "S":"Buy"}: Bybit names the position's side, Binance the order's).
 * Price and quantity are integer units of the symbol's {@link SymbolSpec} scales.
 */
public record SimLiquidation(long aggId, long time, long priceUnits, long qtyUnits, boolean longLiquidated) {
}
