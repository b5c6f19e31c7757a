package io.cryptoflow.api.core;

import io.cryptoflow.api.api.CandlePage;
import io.cryptoflow.api.render.RenderedCandle;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The last page built for each distinct request (market, timeframe, range, limit), with the content
 * tag it was built for and the replica stamp ({@code cf_replica} source_rev and applied_at) at which
 * that tag was last confirmed. While the stamp is unchanged nothing in api.db changed, so the hot
 * request (the newest page, asked by every chart) is answered without even the summary query.
 * Bounded by entries and bytes; when either is exceeded it simply starts over, which costs one page
 * build per key. A page's gzip bodies, compressed on first demand after it was put, are charged to
 * the bound when they are made ({@link #charge}).
 */
public final class PageCache {

    /**
     * A cached page: valid for {@code contentTag}, confirmed at replica {@code stamp}. Once the
     * replica moved past that stamp, one request at a time re-checks the page ({@link
     * #claimRevalidation}); the others are answered with the page as last confirmed meanwhile.
     */
    public record Entry(String contentTag, String stamp, CandlePage page, long bytes, AtomicBoolean revalidating) {

        public Entry(String contentTag, String stamp, CandlePage page, long bytes) {
            this(contentTag, stamp, page, bytes, new AtomicBoolean());
        }

        /** True for the one caller that now re-checks this entry; it must call {@link #revalidated} after. */
        public boolean claimRevalidation() {
            return revalidating.compareAndSet(false, true);
        }

        /** The re-check ended (the entry was confirmed, replaced, or the check failed). */
        public void revalidated() {
            revalidating.set(false);
        }
    }

    private final int maxEntries;
    private final long maxBytes;
    private final ConcurrentHashMap<CandleQuery, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong bytes = new AtomicLong();

    public PageCache(int maxEntries, long maxBytes) {
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
    }

    public Entry get(CandleQuery q) {
        return entries.get(q);
    }

    /** The entry's content is still current at {@code stamp} (the summary said so). */
    public void confirm(CandleQuery q, Entry e, String stamp) {
        if (stamp != null) {
            entries.replace(q, e, new Entry(e.contentTag(), stamp, e.page(), e.bytes()));
        }
    }

    public synchronized void put(CandleQuery q, String contentTag, String stamp, CandlePage page) {
        if (maxEntries <= 0) {
            return;
        }
        long size = 0;
        for (RenderedCandle c : page.candles()) {
            size += c.heapBytes();
        }
        size *= 3; // the candles (mostly shared with the render cache) and up to two joined bodies
        if (size > maxBytes / 4) {
            return; // one huge page must not push out every other
        }
        Entry old = entries.put(q, new Entry(contentTag, stamp, page, size));
        bytes.addAndGet(size - (old == null ? 0 : old.bytes()));
        if (entries.size() > maxEntries || bytes.get() > maxBytes) {
            clear();
        }
    }

    /**
     * {@code n} more bytes are now held by {@code page} (a gzip body): counted while the page is
     * this query's entry; a page no longer cached holds them only until its requests end.
     */
    public synchronized void charge(CandleQuery q, CandlePage page, long n) {
        while (true) {
            Entry e = entries.get(q);
            if (e == null || e.page() != page) {
                return;
            }
            // confirm() replaces entries too; retry if it did so in between
            if (entries.replace(q, e, new Entry(e.contentTag(), e.stamp(), page, e.bytes() + n, e.revalidating()))) {
                break;
            }
        }
        if (bytes.addAndGet(n) > maxBytes) {
            clear();
        }
    }

    /** Bytes counted against the bound. */
    public long bytes() {
        return bytes.get();
    }

    public synchronized void clear() {
        entries.clear();
        bytes.set(0);
    }
}
