package io.cryptoflow.simulator.ws;

import io.cryptoflow.simulator.market.LiquidationPush;
import io.cryptoflow.simulator.market.SimLiquidation;
import io.cryptoflow.simulator.market.TradeTape;
import java.util.List;

/**
 * One subscribed liquidation stream ({@code btcusdt@forceOrder}, {@code allLiquidation.BTCUSDT}):
 * the windows of the exchange's {@link LiquidationPush} that ended since the last delivery. Like the
 * exchange, nothing from before the subscription is sent (no replay).
 */
final class LiquidationSubscription {

    /** After a long pause of the clock, at most this much is pushed late (the rest is skipped). */
    private static final long MAX_CATCH_UP_MS = 3_600_000L;

    final TradeTape tape;
    final String name;
    final LiquidationPush push;
    /** Start of the first window not pushed yet. */
    private long nextWindow;

    LiquidationSubscription(TradeTape tape, String name, LiquidationPush push, long now) {
        this.tape = tape;
        this.name = name;
        this.push = push;
        this.nextWindow = push.windowOf(now);
    }

    /** The pushes of every window that ended at or before {@code now}, oldest first; advances. */
    synchronized List<List<SimLiquidation>> takeDue(long now) {
        long end = push.windowOf(now);
        if (end <= nextWindow) {
            return List.of();
        }
        long from = Math.max(nextWindow, end - MAX_CATCH_UP_MS);
        nextWindow = end;
        return push.pushes(tape.liquidations(from, end));
    }
}
