package io.cryptoflow.collector.exchange;

/**
 * One trade (or Binance aggregated trade) as every exchange client hands it over.
 *
 * @param id       exchange trade id (Binance aggTrade id {@code a}; for exchanges without a numeric
 *                 sequence, a best-effort id used only for de-duplication)
 * @param price    price in units of 1e-10 ({@link Prices})
 * @param qty      base quantity
 * @param takerBuy true when the taker bought (Binance {@code m=false}, Bybit {@code S=Buy}, Bitget {@code side=buy})
 * @param time     trade time, epoch milliseconds
 */
public record Trade(long id, long price, double qty, boolean takerBuy, long time) {
}
