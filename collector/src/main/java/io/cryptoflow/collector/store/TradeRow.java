package io.cryptoflow.collector.store;

/**
 * One raw trade as a partition row holds it ({@code common/TradeSchema}).
 *
 * @param symbol     bare exchange symbol ({@code BTCUSDT}); the exchange is the partition's
 * @param id         the collector's trade id (de-duplication key with the symbol)
 * @param buyerMaker true when the taker sold
 */
public record TradeRow(String symbol, long id, long time, double price, double qty, boolean buyerMaker) {
}
