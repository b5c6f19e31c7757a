package io.cryptoflow.simulator.ws;

import io.cryptoflow.simulator.market.SimTrade;
import io.cryptoflow.simulator.market.TradeTape;
import java.util.ArrayList;
import java.util.List;

/** One subscribed trade stream of a WebSocket session and how far it has been delivered. */
final class Subscription {

    private static final long MINUTE = 60_000L;

    final TradeTape tape;
    /** The exchange's name for the stream: {@code btcusdt@aggTrade}, {@code publicTrade.BTCUSDT}, ... */
    final String name;
    /** Extra protocol data (Bitget's {@code arg} object). */
    final String arg;
    volatile long lastAggId;

    /** The minute currently being delivered, generated once instead of on every tick. */
    private long cachedMinute = Long.MIN_VALUE;
    private List<SimTrade> cachedTrades = List.of();

    Subscription(TradeTape tape, String name, String arg, long lastAggId) {
        this.tape = tape;
        this.name = name;
        this.arg = arg;
        this.lastAggId = lastAggId;
    }

    /** Trades after {@link #lastAggId} with time &lt;= now, oldest first, at most {@code max}; advances the cursor. */
    synchronized List<SimTrade> takeDue(long now, int max) {
        List<SimTrade> out = new ArrayList<>();
        while (out.size() < max) {
            long minute = tape.minuteOfAggId(lastAggId + 1);
            if (minute * MINUTE > now) {
                break;
            }
            if (minute != cachedMinute) {
                cachedTrades = tape.tradesOfMinute(minute);
                cachedMinute = minute;
            }
            boolean blocked = false;
            for (SimTrade t : cachedTrades) {
                if (t.aggId() <= lastAggId) {
                    continue;
                }
                if (t.time() > now || out.size() >= max) {
                    blocked = true;
                    break;
                }
                out.add(t);
                lastAggId = t.aggId();
            }
            if (blocked || cachedTrades.isEmpty()) {
                break;
            }
        }
        return out;
    }
}
