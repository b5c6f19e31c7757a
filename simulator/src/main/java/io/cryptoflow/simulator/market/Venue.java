package io.cryptoflow.simulator.market;

/** The simulated markets. Each venue has its own deterministic trade tape. */
public enum Venue {
    BINANCE_FUTURES,
    BINANCE_SPOT,
    BYBIT_LINEAR,
    BYBIT_SPOT,
    BITGET_FUTURES
}
