package io.cryptoflow.simulator.ws;

import io.cryptoflow.simulator.market.TradeTape;

/** One subscribed trade stream of a WebSocket session and how far it has been delivered. */
final class Subscription {

    final TradeTape tape;
    /** The exchange's name for the stream: {@code btcusdt@aggTrade}, {@code publicTrade.BTCUSDT}, ... */
    final String name;
    /** Extra protocol data (Bitget's {@code arg} object). */
    final String arg;
    volatile long lastAggId;

    Subscription(TradeTape tape, String name, String arg, long lastAggId) {
        this.tape = tape;
        this.name = name;
        this.arg = arg;
        this.lastAggId = lastAggId;
    }
}
