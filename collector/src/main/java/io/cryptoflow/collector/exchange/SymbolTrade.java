package io.cryptoflow.collector.exchange;

/** A parsed trade with the exchange symbol it belongs to (upper-case, e.g. BTCUSDT). */
public record SymbolTrade(String symbol, Trade trade) {
}
