package io.cryptoflow.simulator.market;

/**
 * One simulated aggregated trade. {@code buyerMaker} follows Binance: true means the taker SOLD.
 * Price and quantity are integer units of the symbol's {@link SymbolSpec} scales.
 */
public record SimTrade(long aggId, long firstId, long lastId, long time, long priceUnits, long qtyUnits,
                       boolean buyerMaker) {

    public boolean takerBuy() {
        return !buyerMaker;
    }

    public int rawCount() {
        return (int) (lastId - firstId + 1);
    }
}
