package io.cryptoflow.api.core;

import io.cryptoflow.common.ConfiguredMarketSchema.Kind;

/**
 * The data kinds besides candles that the API serves per market, each with the collector setting
 * that switches it on and its name in {@code configured_markets.kinds}, where the collector records
 * which kinds its configuration collects of each market ({@link EmptyAnswers}).
 */
public enum DataKind {
    TRADES("trades", "exchanges.<type>.orderFlow.enabled: true (with retention above 0)", true, Kind.TRADES),
    LIQUIDATIONS("liquidations", "exchanges.<type>.orderFlow.enabled: true; only binance-futures and bybit-linear"
            + " have a public liquidation stream", true, Kind.LIQUIDATIONS),
    DEPTH("order-book depth", "exchanges.<type>.depth.symbols (binance-futures, bybit-linear, bitget-futures)", false,
            Kind.DEPTH),
    OPEN_INTEREST("open interest", "exchanges.<type>.derivatives.enabled: true (derivatives markets only)", true,
            Kind.OPEN_INTEREST),
    FUNDING("funding", "exchanges.<type>.derivatives.enabled: true (derivatives markets only)", true, Kind.FUNDING);

    private final String label;
    private final String setting;
    private final boolean perExchange;
    private final Kind recorded;

    DataKind(String label, String setting, boolean perExchange, Kind recorded) {
        this.label = label;
        this.setting = setting;
        this.perExchange = perExchange;
        this.recorded = recorded;
    }

    /** The kind as {@code configured_markets.kinds} names it. */
    public Kind recorded() {
        return recorded;
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
     * Used only to guess for a market whose kinds no collector recorded (one from before schema 7).
     */
    public boolean perExchange() {
        return perExchange;
    }
}
