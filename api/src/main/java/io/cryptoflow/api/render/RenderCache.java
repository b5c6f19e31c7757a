package io.cryptoflow.api.render;

import io.cryptoflow.common.Timeframe;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rendered candles by (timeframe, stored symbol, open time), bounded by bytes. An entry is valid
 * only for the row revision it was rendered from: the replicator stamps every changed row with
 * a higher {@code rev}, so a lookup with the row's current rev can never return stale JSON.
 * Eviction is first-in first-out, which suits the access pattern (the newest pages are read most,
 * and an evicted closed candle costs one render to come back).
 */
public final class RenderCache {

    record Key(Timeframe tf, String symbol, long time) {
    }

    private final long maxBytes;
    private final ConcurrentHashMap<Key, RenderedCandle> entries = new ConcurrentHashMap<>();
    private final Queue<Key> order = new ConcurrentLinkedQueue<>();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();

    public RenderCache(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** The candle rendered from exactly this revision of the row, or null. */
    public RenderedCandle get(Timeframe tf, String symbol, long time, long rev) {
        RenderedCandle c = entries.get(new Key(tf, symbol, time));
        if (c != null && c.rev() == rev) {
            hits.incrementAndGet();
            return c;
        }
        misses.incrementAndGet();
        return null;
    }

    public void put(Timeframe tf, String symbol, RenderedCandle candle) {
        if (maxBytes <= 0) {
            return;
        }
        Key key = new Key(tf, symbol, candle.time());
        RenderedCandle old = entries.put(key, candle);
        if (old == null) {
            order.add(key);
            bytes.addAndGet(candle.heapBytes());
        } else {
            bytes.addAndGet(candle.heapBytes() - old.heapBytes());
        }
        while (bytes.get() > maxBytes) {
            Key oldest = order.poll();
            if (oldest == null) {
                break;
            }
            RenderedCandle gone = entries.remove(oldest);
            if (gone != null) {
                bytes.addAndGet(-gone.heapBytes());
            }
        }
    }

    /** Drops everything (api.db replaced by another file). */
    public void clear() {
        entries.clear();
        order.clear();
        bytes.set(0);
    }

    public long bytes() {
        return bytes.get();
    }

    public int size() {
        return entries.size();
    }

    public long hits() {
        return hits.get();
    }

    public long misses() {
        return misses.get();
    }
}
