package io.cryptoflow.collector.sources.trades;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * The ids of one symbol's trades applied in the last few seconds, for exchanges whose ids are not
 * contiguous (Bybit: UUID-like strings on some markets, hashed by {@code JsonTrades.idOf}; Bitget:
 * increasing numbers with gaps). A trade is identified by its id alone, never by its time: Bitget's
 * REST times are whole seconds while its WebSocket's are milliseconds, so the same trade carries two
 * times. Ids are forgotten once their trade is older than {@code retentionMs} before the newest.
 */
final class RecentTradeIds {

    private record Seen(long id, long time) {
    }

    private final long retentionMs;
    private final Set<Long> ids = new HashSet<>();
    private final ArrayDeque<Seen> order = new ArrayDeque<>();

    RecentTradeIds(long retentionMs) {
        this.retentionMs = retentionMs;
    }

    boolean contains(long id) {
        return ids.contains(id);
    }

    /** Remembers an applied trade; forgets those older than the retention before {@code newestTime}. */
    void add(long id, long time, long newestTime) {
        if (ids.add(id)) {
            order.addLast(new Seen(id, time));
        }
        long cutoff = newestTime - retentionMs;
        while (!order.isEmpty() && order.peekFirst().time() < cutoff) {
            ids.remove(order.pollFirst().id());
        }
    }

    void clear() {
        ids.clear();
        order.clear();
    }

    int size() {
        return ids.size();
    }
}
