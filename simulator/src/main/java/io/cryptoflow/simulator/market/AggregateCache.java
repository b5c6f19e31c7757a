package io.cryptoflow.simulator.market;

import java.util.LinkedHashMap;
import java.util.Map;

/** Bounded LRU of closed 15-minute aggregates, so repeated backfills are served from memory. */
final class AggregateCache {

    private final Map<Long, KlineAggregate> map;

    AggregateCache(int maxEntries) {
        this.map = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, KlineAggregate> eldest) {
                return size() > maxEntries;
            }
        };
    }

    /** {@code tapeId} is small (one per venue and symbol); granule indexes since 1970 fit in 36 bits. */
    private static Long key(int tapeId, long granuleIndex) {
        return ((long) tapeId << 36) ^ granuleIndex;
    }

    synchronized KlineAggregate get(int tapeId, long granuleIndex) {
        return map.get(key(tapeId, granuleIndex));
    }

    synchronized void put(int tapeId, long granuleIndex, KlineAggregate agg) {
        map.put(key(tapeId, granuleIndex), agg);
    }
}
