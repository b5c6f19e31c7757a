package io.cryptoflow.simulator.market;

import java.util.LinkedHashMap;
import java.util.Map;

/** Bounded LRU of closed 15-minute aggregates, so repeated backfills are served from memory. */
final class AggregateCache {

    private record Key(Venue venue, String symbol, long start) {
    }

    private final Map<Key, KlineAggregate> map;

    AggregateCache(int maxEntries) {
        this.map = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, KlineAggregate> eldest) {
                return size() > maxEntries;
            }
        };
    }

    synchronized KlineAggregate get(Venue venue, String symbol, long start) {
        return map.get(new Key(venue, symbol, start));
    }

    synchronized void put(Venue venue, String symbol, long start, KlineAggregate agg) {
        map.put(new Key(venue, symbol, start), agg);
    }
}
