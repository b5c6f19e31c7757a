package io.cryptoflow.api.core;

/**
 * The data kinds besides candles that the API serves per market, each with the collector setting
 * that switches it on. {@code configured_markets} records only a market's kline timeframes, not these
 * switches, so whether a kind is on is inferred from what api.db holds ({@link EmptyAnswers}).
 */
public enum DataKind {
    TRADES("trades", "exchanges.<type>.orderFlow.enabled: true (with retention above 0)", true),
    LIQUIDATIONS("liquidations", "exchanges.<type>.orderFlow.enabled: true; only binance-futures and bybit-linear"
            + " have a public liquidation stream", true),
    DEPTH("order-book depth", "exchanges.<type>.depth.symbols (binance-futures, bybit-linear, bitget-futures)", false),
    OPEN_INTEREST("open interest", "exchanges.<type>.derivatives.enabled: true (derivatives markets only)", true),
    FUNDING("funding", "exchanges.<type>.derivatives.enabled: true (derivatives markets only)", true);

    private final String label;
    private final String setting;
    private final boolean perExchange;

    DataKind(String label, String setting, boolean perExchange) {
        this.label = label;
        this.setting = setting;
        this.perExchange = perExchange;
    }

    /** How messages name the kind. */
    public String label() {
        return label;
    }

    /** The collector configuration key that switches the kind on. */
    public String setting() {
        return setting;
    }

    /**
     * True when the switch covers a whole exchange section (every symbol of it), so data of the kind
     * for any market of the exchange shows it is on for all of them; false for depth, listed per symbol.
     */
    public boolean perExchange() {
        return perExchange;
    }
}
