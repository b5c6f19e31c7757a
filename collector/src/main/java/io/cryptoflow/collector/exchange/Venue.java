package io.cryptoflow.collector.exchange;

import io.cryptoflow.collector.store.WriteMode;


/**
 * The trade sources order flow knows. Binance klines carry taker volume and trade count, so its
 * footprint only adds clusters; Bybit and Bitget klines do not, so trades also own buy/sell/delta/count.
 */
public enum Venue {
    BINANCE_FUTURES("BINANCE", WriteMode.FOOTPRINT, true),
    BINANCE_SPOT("BINANCE_SPOT", WriteMode.FOOTPRINT, true),
    BYBIT("BYBIT", WriteMode.FOOTPRINT_WITH_TAKER, false),
    BYBIT_SPOT("BYBIT_SPOT", WriteMode.FOOTPRINT_WITH_TAKER, false),
    BITGET("BITGET", WriteMode.FOOTPRINT_WITH_TAKER, false);

    private final String exchange;
    private final WriteMode writeMode;
    private final boolean contiguousIds;

    Venue(String exchange, WriteMode writeMode, boolean contiguousIds) {
        this.exchange = exchange;
        this.writeMode = writeMode;
        this.contiguousIds = contiguousIds;
    }

    /** The exchange part of the stored symbol, e.g. {@code BINANCE} in {@code BINANCE:BTCUSDT}. */
    public String exchange() {
        return exchange;
    }

    public WriteMode writeMode() {
        return writeMode;
    }

    /** Binance aggTrade ids increase by exactly one, so a hole in them is a lost trade. */
    public boolean contiguousIds() {
        return contiguousIds;
    }
}
