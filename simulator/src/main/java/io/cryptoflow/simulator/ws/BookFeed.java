package io.cryptoflow.simulator.ws;

import io.cryptoflow.simulator.market.OrderBook;

/**
 * How one exchange publishes a subscribed order book: the snapshot a subscription starts with and
 * the diff between two states of the true book, in the exchange's message shape and numbering.
 */
interface BookFeed {

    /** A message of the feed; only diffs are dropped or reordered by {@code DROP_DIFF}/{@code OUT_OF_ORDER_DIFF}. */
    record Message(String text, boolean diff) {
    }

    /** Push interval: steps of the true book are published on multiples of it (merged or one by one). */
    long pushIntervalMs();

    /** True: one message per step of the book (Bybit's {@code u} counts messages); false: one per push, merged. */
    boolean messagePerStep();

    /** The message a new subscription starts with, or null when there is none (Binance: REST). */
    Message snapshot(OrderBook book, long now);

    /** The message from {@code from} to {@code to}, or null when nothing is to be sent (then {@code from} stays the base). */
    Message diff(OrderBook from, OrderBook to, long now);

    /**
     * Whether a client would notice that the diff from {@code from} to {@code to} never came: a
     * {@code DROP_DIFF} hits only such a diff (Bitget's checksum covers the best 25 levels only).
     */
    default boolean lossVisible(OrderBook from, OrderBook to) {
        return true;
    }
}
