package io.cryptoflow.api.core;

import io.cryptoflow.api.api.CandlePage;
import io.cryptoflow.api.render.RenderedCandle;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The last page built for each distinct request (market, timeframe, range, limit), valid while
 * the content tag of its range is unchanged: the hot request (the newest page, asked by every
 * chart) is then answered from the summary query alone. Bounded by entries and bytes; when
 * either is exceeded it simply starts over, which costs one page build per key.
 */
public final class PageCache {

    private record Entry(String contentTag, CandlePage page, long bytes) {
    }

    private final int maxEntries;
    private final long maxBytes;
    private final ConcurrentHashMap<CandleQuery, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong bytes = new AtomicLong();

    public PageCache(int maxEntries, long maxBytes) {
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
    }

    public CandlePage get(CandleQuery q, String contentTag) {
        Entry e = entries.get(q);
        return e != null && e.contentTag().equals(contentTag) ? e.page() : null;
    }

    public void put(CandleQuery q, String contentTag, CandlePage page) {
        if (maxEntries <= 0) {
            return;
        }
        long size = 0;
        for (RenderedCandle c : page.candles()) {
            size += c.heapBytes();
        }
        if (size > maxBytes / 4) {
            return; // one huge page must not push out every other
        }
        Entry old = entries.put(q, new Entry(contentTag, page, size));
        bytes.addAndGet(size - (old == null ? 0 : old.bytes()));
        if (entries.size() > maxEntries || bytes.get() > maxBytes) {
            clear();
        }
    }

    public void clear() {
        entries.clear();
        bytes.set(0);
    }
}
