package io.cryptoflow.collector.aggregation;

import java.util.ArrayDeque;

/**
 * The time ranges of one market whose trades the collector did not see (before its first trade, a
 * gap REST could not recover), both bounds exclusive. Only the newest few are kept: a range matters
 * while candles overlapping it may still be formed, which is hours, not days.
 */
final class UnseenTrades {

    private static final int KEPT = 32;

    private final ArrayDeque<long[]> ranges = new ArrayDeque<>();

    void add(long fromMs, long toMs) {
        if (ranges.size() >= KEPT) {
            ranges.pollFirst();
        }
        ranges.addLast(new long[] {fromMs, toMs});
    }

    boolean any() {
        return !ranges.isEmpty();
    }

    /** Whether any unseen range overlaps the candle {@code [open, end)}. */
    boolean overlaps(long open, long end) {
        for (long[] r : ranges) {
            if (overlap(r[0], r[1], open, end)) {
                return true;
            }
        }
        return false;
    }

    /** The open range (from, to) and the candle [open, end) share a moment. */
    static boolean overlap(long from, long to, long open, long end) {
        return from < end - 1 && to > open;
    }
}
