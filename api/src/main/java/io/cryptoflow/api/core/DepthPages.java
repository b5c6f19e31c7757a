package io.cryptoflow.api.core;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.cryptoflow.api.api.GzipParts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;
import java.util.zip.GZIPInputStream;

/**
 * {@code /api/depth} bodies built once: the JSON streamed into gzip at level 1, on the minute tier
 * joined from hour pieces of which the closed ones are cached ({@link DepthChunks}); only the gzip
 * is held (a client without gzip gets it inflated on the fly), in a byte-bounded cache. A settled answer
 * (coverage already past its end; depth is never backfilled) is kept until evicted. Any other (a
 * range reaching the live edge) is served for up to {@code liveMaxAge} after it was read, then read
 * again by one request while concurrent ones for the same query wait for it (no stampede of 16
 * builds each second while the collector writes every second); the {@code /ws} depth channel has
 * the newest snapshot. Builds of different queries pass a {@link BuildGate}, which bounds the heap
 * they hold (a day at 1m is ~1 MB of sizes while built). Queries are aligned on their step
 * ({@link DepthQuery}), so charts and repeated reads share entries.
 */
public final class DepthPages {

    /** One built answer: its JSON gzipped, in parts of which most are shared with other answers. */
    public record Page(GzipParts gzip, boolean settled, long readAtNanos) {

        /** The gzip body's length in bytes. */
        public long gzipLength() {
            return gzip.length();
        }

        /** Writes the gzip body to {@code out}. */
        public void writeGzip(OutputStream out) throws IOException {
            gzip.writeTo(out);
        }

        /** Writes the plain JSON (inflated from {@link #gzip}) to {@code out}. */
        public void writeJson(OutputStream out) throws IOException {
            try (GZIPInputStream in = new GZIPInputStream(gzip.openStream(), 16 * 1024)) {
                in.transferTo(out);
            }
        }

        /** The plain JSON as one array (tests). */
        public byte[] json() {
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(gzip.length() * 3, 1 << 30));
            try {
                writeJson(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }
    }

    private final DepthReader reader;
    private final DepthChunks chunks;
    private final BuildGate gate;
    private final long liveMaxAgeNanos;
    private final LongSupplier nanoTime;
    private final Cache<DepthQuery, Page> pages;
    private final ConcurrentMap<DepthQuery, CompletableFuture<Page>> building = new ConcurrentHashMap<>();

    public DepthPages(DepthReader reader, DepthChunks chunks, BuildGate gate, long maxBytes, Duration liveMaxAge,
                      LongSupplier nanoTime) {
        this.reader = reader;
        this.chunks = chunks;
        this.gate = gate;
        this.liveMaxAgeNanos = liveMaxAge.toNanos();
        this.nanoTime = nanoTime;
        this.pages = Caffeine.newBuilder()
                .maximumWeight(Math.max(0, maxBytes))
                // every part counted, the shared ones too: an upper bound of what a page keeps reachable
                .weigher((DepthQuery k, Page p) -> (int) Math.min(Integer.MAX_VALUE, p.gzipLength()))
                .executor(Runnable::run)
                .build();
    }

    public DepthPages(DepthReader reader, DepthChunks chunks, BuildGate gate, long maxBytes, Duration liveMaxAge) {
        this(reader, chunks, gate, maxBytes, liveMaxAge, System::nanoTime);
    }

    public Page page(DepthQuery q) {
        Page page = pages.getIfPresent(q);
        if (page != null && fresh(page)) {
            return page;
        }
        // one build per query at a time: concurrent requests for it wait and take its result
        CompletableFuture<Page> mine = new CompletableFuture<>();
        CompletableFuture<Page> running = building.putIfAbsent(q, mine);
        if (running != null) {
            return sharedResult(running);
        }
        try {
            Page again = pages.getIfPresent(q); // built by another request between the two looks
            Page built = again != null && fresh(again) ? again : gate.run(() -> build(q));
            pages.put(q, built);
            mine.complete(built);
            return built;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            building.remove(q, mine);
        }
    }

    /**
     * The page another request is building for the same query, or the exception its build threw: an
     * unknown market, a disabled setting or a full gate answers the waiter as it answered the builder
     * (404, 409, 503), not as a 500 around a {@link CompletionException}.
     */
    private static Page sharedResult(CompletableFuture<Page> running) {
        try {
            return running.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw e;
        }
    }

    private boolean fresh(Page p) {
        return p.settled() || nanoTime.getAsLong() - p.readAtNanos() < liveMaxAgeNanos;
    }

    private Page build(DepthQuery q) {
        long at = nanoTime.getAsLong();
        DepthPieces a = reader.readInPieces(q, chunks);
        GzipParts gzip = new GzipParts();
        try {
            a.writeGzip(gzip);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // not thrown by an in-memory stream
        }
        return new Page(gzip, a.answer().settled(), at);
    }

    /** Forgets every page (api.db replaced by another file). */
    public void clear() {
        pages.invalidateAll();
        chunks.clear();
    }
}
