package io.cryptoflow.api.core;

import io.cryptoflow.api.api.CandlePage;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The last page built for each distinct request (market, timeframe, range, limit), with the content
 * tag it was built for and the replica stamp ({@code cf_replica} source_rev and applied_at) at which
 * that tag was last confirmed. While the stamp is unchanged nothing in api.db changed, so the hot
 * request (the newest page, asked by every chart) is answered without even the summary query.
 *
 * <p>Bounded by bytes, as a segmented LRU: a page enters on probation and is promoted to the
 * protected segment (at most {@link #PROTECTED_SHARE} of the bound) when it is asked again while
 * cached; room is made from probation first, least recently used first. Random reads over many
 * distinct pages thus churn through probation and leave the pages charts keep asking for alone. (It
 * used to start over when full, dropping the hot pages every few dozen random requests; then it was a
 * Caffeine W-TinyLFU cache, whose admission compares the new page's access frequency with each
 * victim's: once start-up warming had made every cached page frequent, a large page such as 1000
 * candles with clusters, asked by 16 connections at once, was never admitted and was rebuilt for every
 * request. docs/benchmarks.md, issue 23.) A page's gzip bodies, compressed on first demand after it
 * was put, are charged to the bound when they are made ({@link #charge}).
 */
public final class PageCache {

    /** Share of the bound the pages asked again may hold. */
    static final double PROTECTED_SHARE = 0.8;

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
    /** Access order: the eldest is the least recently used. Guarded by {@code this}. */
    private final LinkedHashMap<CandleQuery, Entry> probation = new LinkedHashMap<>(64, 0.75f, true);
    private final LinkedHashMap<CandleQuery, Entry> protectedPages = new LinkedHashMap<>(64, 0.75f, true);
    private long probationBytes;
    private long protectedBytes;

    /**
     * @param maxEntries 0 turns the cache off; otherwise the bound is {@code maxBytes} alone (pages
     *                   differ in size by three orders of magnitude, a count says little)
     */
    public PageCache(int maxEntries, long maxBytes) {
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
    }

    public synchronized Entry get(CandleQuery q) {
        Entry e = protectedPages.get(q);
        if (e != null) {
            return e;
        }
        e = probation.remove(q);
        if (e != null) { // asked again while cached: protected from now on
            probationBytes -= e.bytes();
            protectedPages.put(q, e);
            protectedBytes += e.bytes();
            demoteOverflow();
        }
        return e;
    }

    /** The entry's content is still current at {@code stamp} (the summary said so). */
    public void confirm(CandleQuery q, Entry e, String stamp) {
        if (stamp != null) {
            replace(q, e, new Entry(e.contentTag(), stamp, e.page(), e.bytes()));
        }
    }

    public void put(CandleQuery q, String contentTag, String stamp, CandlePage page) {
        if (maxEntries <= 0) {
            return;
        }
        long size = 0;
        for (int i = 0; i < page.candles().size(); i++) {
            size += page.candleHeapBytes(i);
        }
        size += page.context().heapBytes();
        // the candles (mostly shared with the render cache) and the joined body of the representation
        // asked (the other representation's, rarer, is not counted; gzip bodies are charged when made)
        size *= 2;
        if (size > maxBytes / 2) {
            remove(q); // one huge page must not push out every other; nor may an older version of it stay
            return;
        }
        Entry e = new Entry(contentTag, stamp, page, size);
        synchronized (this) {
            if (protectedPages.containsKey(q)) { // a newer version of a protected page stays protected
                protectedBytes += size - protectedPages.put(q, e).bytes();
                demoteOverflow();
            } else {
                Entry old = probation.put(q, e);
                probationBytes += size - (old == null ? 0 : old.bytes());
            }
            evictOverflow(q);
        }
    }

    /**
     * {@code n} more bytes are now held by {@code page} (a gzip body): counted while the page is
     * this query's entry; a page no longer cached holds them only until its requests end.
     */
    public void charge(CandleQuery q, CandlePage page, long n) {
        synchronized (this) {
            Entry e = peek(q);
            if (e != null && e.page() == page) {
                replace(q, e, new Entry(e.contentTag(), e.stamp(), page, e.bytes() + n, e.revalidating()));
            }
        }
    }

    /** Bytes counted against the bound. */
    public synchronized long bytes() {
        return probationBytes + protectedBytes;
    }

    /** Drops everything (api.db replaced by another file, or a replica of another lineage). */
    public synchronized void clear() {
        probation.clear();
        protectedPages.clear();
        probationBytes = 0;
        protectedBytes = 0;
    }

    private synchronized void remove(CandleQuery q) {
        Entry e = protectedPages.remove(q);
        if (e != null) {
            protectedBytes -= e.bytes();
        }
        e = probation.remove(q);
        if (e != null) {
            probationBytes -= e.bytes();
        }
    }

    private synchronized Entry peek(CandleQuery q) {
        Entry e = protectedPages.get(q);
        return e != null ? e : probation.get(q);
    }

    /** Replaces {@code q}'s entry when it still is {@code expected}, in its segment. */
    private synchronized void replace(CandleQuery q, Entry expected, Entry next) {
        if (protectedPages.get(q) == expected) {
            protectedPages.put(q, next);
            protectedBytes += next.bytes() - expected.bytes();
            demoteOverflow();
        } else if (probation.get(q) == expected) {
            probation.put(q, next);
            probationBytes += next.bytes() - expected.bytes();
        } else {
            return;
        }
        evictOverflow(q);
    }

    /** Protected pages beyond their share go back on probation, least recently used first. */
    private void demoteOverflow() {
        Iterator<java.util.Map.Entry<CandleQuery, Entry>> it = protectedPages.entrySet().iterator();
        while (protectedBytes > maxBytes * PROTECTED_SHARE && it.hasNext()) {
            java.util.Map.Entry<CandleQuery, Entry> eldest = it.next();
            it.remove();
            protectedBytes -= eldest.getValue().bytes();
            probation.put(eldest.getKey(), eldest.getValue());
            probationBytes += eldest.getValue().bytes();
        }
    }

    /**
     * Over the bound: the least recently used pages on probation leave first, then protected ones;
     * {@code last}, the page just put, only when it alone is still too much.
     */
    private void evictOverflow(CandleQuery last) {
        evictFrom(probation, true, last);
        evictFrom(protectedPages, false, last);
        evictFrom(probation, true, null);
    }

    private void evictFrom(LinkedHashMap<CandleQuery, Entry> segment, boolean onProbation, CandleQuery spare) {
        Iterator<java.util.Map.Entry<CandleQuery, Entry>> it = segment.entrySet().iterator();
        while (probationBytes + protectedBytes > maxBytes && it.hasNext()) {
            java.util.Map.Entry<CandleQuery, Entry> eldest = it.next();
            if (eldest.getKey().equals(spare)) {
                continue;
            }
            it.remove();
            if (onProbation) {
                probationBytes -= eldest.getValue().bytes();
            } else {
                protectedBytes -= eldest.getValue().bytes();
            }
        }
    }
}
