package io.cryptoflow.api.render;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.cryptoflow.common.Timeframe;
import java.util.concurrent.atomic.LongAdder;

/**
 * Rendered candles by (timeframe, stored symbol, open time), bounded by bytes. An entry is valid
 * only for the row revision it was rendered from: the replicator stamps every changed row with
 * a higher {@code rev}, so a lookup with the row's current rev can never return stale JSON.
 *
 * <p>Eviction is Caffeine's W-TinyLFU, weighed in bytes, one entry at a time: a closed candle never
 * changes, so its rendering is worth keeping for as long as it is read, whatever page (range,
 * limit) reads it. Random reads over a long window (each request another market, timeframe and
 * {@code before}) then push out what they read once, not the candles every chart reads; the
 * former first-in first-out queue evicted the newest pages' candles as readily as a one-off scan's
 * (docs/benchmarks.md, issue 23). Lookups take no lock: the hot path is a concurrent map read.
 */
public final class RenderCache {

    record Key(Timeframe tf, String symbol, long time) {
    }

    private final long maxBytes;
    private final Cache<Key, RenderedCandle> entries;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    public RenderCache(long maxBytes) {
        this.maxBytes = maxBytes;
        this.entries = Caffeine.newBuilder()
                .maximumWeight(Math.max(0, maxBytes))
                .weigher((Key k, RenderedCandle c) -> (int) Math.min(Integer.MAX_VALUE, c.heapBytes()))
                // Eviction bookkeeping on the calling thread, amortized: no pool thread to share the cores with.
                .executor(Runnable::run)
                .build();
    }

    /** The candle rendered from exactly this revision of the row, or null. */
    public RenderedCandle get(Timeframe tf, String symbol, long time, long rev) {
        RenderedCandle c = entries.getIfPresent(new Key(tf, symbol, time));
        if (c != null && c.rev() == rev) {
            hits.increment();
            return c;
        }
        misses.increment();
        return null;
    }

    public void put(Timeframe tf, String symbol, RenderedCandle candle) {
        if (maxBytes <= 0) {
            return;
        }
        entries.asMap().merge(new Key(tf, symbol, candle.time()), candle,
                (old, now) -> now.rev() >= old.rev() ? now : old); // a slower reader never puts back an older revision
    }

    /** Drops everything (api.db replaced by another file, or a replica of another lineage). */
    public void clear() {
        entries.invalidateAll();
    }

    /** The bound given at construction. */
    public long maxBytes() {
        return maxBytes;
    }

    public long bytes() {
        entries.cleanUp();
        return entries.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
    }

    public int size() {
        return (int) entries.estimatedSize();
    }

    public long hits() {
        return hits.sum();
    }

    public long misses() {
        return misses.sum();
    }
}
