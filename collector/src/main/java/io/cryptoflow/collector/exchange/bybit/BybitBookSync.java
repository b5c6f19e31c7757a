package io.cryptoflow.collector.exchange.bybit;

import io.cryptoflow.collector.exchange.book.DepthUpdate;
import io.cryptoflow.collector.exchange.book.SequencedBook;

/**
 * Bybit v5 "Orderbook" {@code orderbook.<depth>.<symbol>} (bybit-exchange.github.io/docs/v5/websocket/
 * public/orderbook): after subscribing a {@code snapshot} arrives, then {@code delta}s; "if you
 * receive a new snapshot message, you will have to reset your local orderbook"; {@code u} is the
 * update id, "generally continuous", and {@code u = 1} comes with a snapshot after a service restart
 * (overwrite the local book). So: a snapshot (any {@code u}) replaces the book; a delta must carry
 * {@code u} = previous {@code u} + 1, else the book is resynced by subscribing the topic again
 * (Bybit answers with a fresh snapshot); deltas before the first snapshot are ignored.
 */
public final class BybitBookSync extends SequencedBook {

    private long lastU;

    @Override
    public Step onMessage(DepthUpdate message) {
        if (message.snapshot()) {
            if (known()) {
                // Bybit resent the book (its side had a problem, or u = 1 after a restart): samples
                // taken from the old one are not trusted
                resync(Fault.RESET, Step.OK);
            }
            book.replace(message);
            lastU = message.lastId();
            return appliedOrCrossed(Step.RESUBSCRIBE);
        }
        if (!known()) {
            return Step.OK;
        }
        if (message.lastId() != lastU + 1) {
            return resync(message.lastId() <= lastU ? Fault.OUT_OF_ORDER : Fault.GAP, Step.RESUBSCRIBE);
        }
        book.apply(message);
        lastU = message.lastId();
        return appliedOrCrossed(Step.RESUBSCRIBE);
    }
}
