package io.cryptoflow.collector.exchange.book;

import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * One market's local order book, exchange-neutral: resting size per price level on each side, prices
 * as scaled longs ({@code Prices.SCALE}) so levels and bins compare exactly. A size of 0 deletes its
 * level (every exchange here sends absolute sizes; deleting a level not in the book is normal).
 * Not thread-safe: its {@link BookSync} owner guards it.
 */
public final class LocalBook {

    private final NavigableMap<Long, Double> bids = new TreeMap<>(Collections.reverseOrder());
    private final NavigableMap<Long, Double> asks = new TreeMap<>();

    /** Empties both sides (before a snapshot, or when the book is no longer known). */
    public void clear() {
        bids.clear();
        asks.clear();
    }

    /** Replaces the book by {@code update}'s levels. */
    public void replace(DepthUpdate update) {
        clear();
        apply(update);
    }

    /** Applies {@code update}'s levels as absolute sizes (0 removes the level). */
    public void apply(DepthUpdate update) {
        set(bids, update.bids());
        set(asks, update.asks());
    }

    private static void set(NavigableMap<Long, Double> side, java.util.List<DepthUpdate.Level> levels) {
        for (DepthUpdate.Level l : levels) {
            if (l.size() == 0) {
                side.remove(l.price());
            } else {
                side.put(l.price(), l.size());
            }
        }
    }

    /** True when both sides hold levels and the best bid is at or above the best ask: the book is wrong. */
    public boolean crossed() {
        return !bids.isEmpty() && !asks.isEmpty() && bids.firstKey() >= asks.firstKey();
    }

    /** True when either side is empty (no mid, nothing to sample). */
    public boolean oneSided() {
        return bids.isEmpty() || asks.isEmpty();
    }

    public long bestBid() {
        return bids.firstKey();
    }

    public long bestAsk() {
        return asks.firstKey();
    }

    /** Bids from the best downwards (read-only view). */
    public NavigableMap<Long, Double> bids() {
        return Collections.unmodifiableNavigableMap(bids);
    }

    /** Asks from the best upwards (read-only view). */
    public NavigableMap<Long, Double> asks() {
        return Collections.unmodifiableNavigableMap(asks);
    }

    /** The {@code n} best levels of a side, best first, for checksums and tests. */
    public static Iterable<Map.Entry<Long, Double>> top(NavigableMap<Long, Double> side, int n) {
        return side.entrySet().stream().limit(n).toList();
    }

    public int levels() {
        return bids.size() + asks.size();
    }
}
