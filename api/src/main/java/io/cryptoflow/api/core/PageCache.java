package io.cryptoflow.api.core;

import io.cryptoflow.api.api.CandlePage;
import io.cryptoflow.api.render.RenderedCandle;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The last page built for each distinct request (market, timeframe, range, limit), with the content
 * tag it was built for and the replica stamp ({@code cf_replica} source_rev and applied_at) at which
 * that tag was last confirmed. While the stamp is unchanged nothing in api.db changed, so the hot
 * request (the newest page, asked by every chart) is answered without even the summary query.
 * Bounded by bytes, evicting one page at a time (Caffeine's W-TinyLFU): random reads over many
 * distinct pages push out pages read once, not the newest pages every chart asks for. (It used to
 * start over when full, which under such reads dropped the hot pages every few dozen requests:
 * docs/benchmarks.md, issue 23.) A page's gzip bodies, compressed on first demand after it was put,
 * are charged to the bound when they are made ({@link #charge}).
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
    private final Cache<CandleQuery, Entry> entries;

    /**
     * @param maxEntries 0 turns the cache off; otherwise the bound is {@code maxBytes} alone (pages
     *                   differ in size by three orders of magnitude, a count says little)
     */
    public PageCache(int maxEntries, long maxBytes) {
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
        this.entries = Caffeine.newBuilder()
                .maximumWeight(Math.max(0, maxBytes))
                .weigher((CandleQuery q, Entry e) -> (int) Math.min(Integer.MAX_VALUE, e.bytes()))
                .executor(Runnable::run)
                .build();
    }

    public Entry get(CandleQuery q) {
        return entries.getIfPresent(q);
    }

    /** The entry's content is still current at {@code stamp} (the summary said so). */
    public void confirm(CandleQuery q, Entry e, String stamp) {
        if (stamp != null) {
            entries.asMap().replace(q, e, new Entry(e.contentTag(), stamp, e.page(), e.bytes()));
        }
    }

    public void put(CandleQuery q, String contentTag, String stamp, CandlePage page) {
        if (maxEntries <= 0) {
            return;
        }
        long size = 0;
        for (RenderedCandle c : page.candles()) {
            size += c.heapBytes();
        }
        size += page.context().heapBytes();
        size *= 3; // the candles (mostly shared with the render cache) and up to two joined bodies
        if (size > maxBytes / 4) {
            return; // one huge page must not push out every other
        }
        entries.put(q, new Entry(contentTag, stamp, page, size));
    }

    /**
     * {@code n} more bytes are now held by {@code page} (a gzip body): counted while the page is
     * this query's entry; a page no longer cached holds them only until its requests end.
     */
    public void charge(CandleQuery q, CandlePage page, long n) {
        while (true) {
            Entry e = entries.getIfPresent(q);
            if (e == null || e.page() != page) {
                return;
            }
            // confirm() replaces entries too; retry if it did so in between
            if (entries.asMap().replace(q, e, new Entry(e.contentTag(), e.stamp(), page, e.bytes() + n, e.revalidating()))) {
                return;
            }
        }
    }

    /** Bytes counted against the bound. */
    public long bytes() {
        entries.cleanUp();
        return entries.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
    }

    /** Drops everything (api.db replaced by another file, or a replica of another lineage). */
    public void clear() {
        entries.invalidateAll();
    }
}
