package io.cryptoflow.api.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.cryptoflow.api.api.Gzip;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * {@code /api/depth} bodies rendered once: the JSON and its gzip, in a byte-bounded cache. A settled
 * answer (coverage already past its end; depth is never backfilled) is kept under its query alone; any
 * other under the query and the replica stamp, so it is read again after the replicator's next apply.
 * Queries are aligned on their step ({@link DepthQuery}), so charts and repeated reads share entries.
 */
public final class DepthPages {

    /** One rendered answer. */
    public record Page(byte[] json, byte[] gzip) {
    }

    private record Key(DepthQuery query, String stamp) {
    }

    private static final String SETTLED = "settled";

    private final DepthReader reader;
    private final RecentReplicaStamp stamp;
    private final ObjectMapper json;
    private final Cache<Key, Page> pages;

    public DepthPages(DepthReader reader, ReplicaStore db, ObjectMapper json, long maxBytes, Duration stampMaxAge) {
        this.reader = reader;
        this.stamp = new RecentReplicaStamp(db::replicaStamp, stampMaxAge);
        this.json = json;
        this.pages = Caffeine.newBuilder()
                .maximumWeight(Math.max(0, maxBytes))
                .weigher((Key k, Page p) -> p.json().length + p.gzip().length)
                .executor(Runnable::run)
                .build();
    }

    public Page page(DepthQuery q) {
        Page settled = pages.getIfPresent(new Key(q, SETTLED));
        if (settled != null) {
            return settled;
        }
        String now = stamp.get();
        Key live = new Key(q, String.valueOf(now));
        Page page = pages.getIfPresent(live);
        if (page != null) {
            return page;
        }
        DepthReader.Answer a = reader.read(q);
        byte[] body;
        try {
            body = json.writeValueAsBytes(a.series());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // records of numbers and strings always serialize
        }
        page = new Page(body, Gzip.compress(body));
        pages.put(a.settled() ? new Key(q, SETTLED) : live, page);
        return page;
    }

    /** Forgets every page (api.db replaced by another file). */
    public void clear() {
        pages.invalidateAll();
    }
}
