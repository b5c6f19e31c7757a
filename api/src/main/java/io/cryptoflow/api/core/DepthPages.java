package io.cryptoflow.api.core;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.cryptoflow.api.api.Gzip;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * {@code /api/depth} bodies rendered once: the JSON and its gzip, in a byte-bounded cache. A settled
 * answer (coverage already past its end; depth is never backfilled) is kept until evicted. Any other
 * (a range reaching the live edge) is served for up to {@code liveMaxAge} after it was read, then read
 * again by one request while concurrent ones for the same query wait for it (no stampede of 16
 * renders each second while the collector writes every second); the {@code /ws} depth channel has
 * the newest snapshot. Queries are aligned on their step ({@link DepthQuery}), so charts and repeated
 * reads share entries.
 */
public final class DepthPages {

    /** One rendered answer. */
    public record Page(byte[] json, byte[] gzip, boolean settled, long readAtNanos) {
    }

    private final DepthReader reader;
    private final long liveMaxAgeNanos;
    private final LongSupplier nanoTime;
    private final Cache<DepthQuery, Page> pages;

    public DepthPages(DepthReader reader, long maxBytes, Duration liveMaxAge, LongSupplier nanoTime) {
        this.reader = reader;
        this.liveMaxAgeNanos = liveMaxAge.toNanos();
        this.nanoTime = nanoTime;
        this.pages = Caffeine.newBuilder()
                .maximumWeight(Math.max(0, maxBytes))
                .weigher((DepthQuery k, Page p) -> p.json().length + p.gzip().length)
                .executor(Runnable::run)
                .build();
    }

    public DepthPages(DepthReader reader, long maxBytes, Duration liveMaxAge) {
        this(reader, maxBytes, liveMaxAge, System::nanoTime);
    }

    public Page page(DepthQuery q) {
        Page page = pages.getIfPresent(q);
        if (page != null && fresh(page)) {
            return page;
        }
        // compute() runs once per query at a time: concurrent requests for it wait and take its result
        return pages.asMap().compute(q, (k, old) -> old != null && fresh(old) ? old : render(k));
    }

    private boolean fresh(Page p) {
        return p.settled() || nanoTime.getAsLong() - p.readAtNanos() < liveMaxAgeNanos;
    }

    private Page render(DepthQuery q) {
        long at = nanoTime.getAsLong();
        DepthReader.Answer a = reader.read(q);
        byte[] body = a.series().json();
        return new Page(body, Gzip.compress(body), a.settled(), at);
    }

    /** Forgets every page (api.db replaced by another file). */
    public void clear() {
        pages.invalidateAll();
    }
}
