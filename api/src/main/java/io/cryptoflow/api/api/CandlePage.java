package io.cryptoflow.api.api;

import io.cryptoflow.api.render.ByteChunks;
import io.cryptoflow.api.render.JsonBytes;
import io.cryptoflow.api.render.PackedPage;
import io.cryptoflow.api.render.RenderedCandle;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.List;

/**
 * The {@code /api/candles} answer (the old tool's shape):
 * {@code {"candles":[...],"exchange","symbol","oldestTime","hasMore"}} (plus {@code "collecting":true} on
 * the empty page of a configured market not yet backfilled), built from the candles'
 * rendered JSON. A body up to {@link #JOIN_LIMIT} is joined once, on first use, and then written to
 * the socket in one call by every request that gets this page from the page cache; a larger one
 * (e.g. limit=5000 with clusters) is streamed candle by candle, never held whole.
 *
 * <p>The gzip representation of a joined body is compressed once, on first demand, and then held
 * next to it (the page cache counts it); a streamed body is compressed while it streams.
 */
public final class CandlePage {

    /** Bodies above this are streamed, not joined. */
    static final int JOIN_LIMIT = 2 * 1024 * 1024;

    private final List<RenderedCandle> candles;
    /** {@link #candles} when it is a {@link PackedPage}, else null. */
    private final PackedPage packed;
    private final String exchange;
    private final String symbol;
    private final boolean hasMore;
    private final boolean allClosed;
    private final boolean collecting;
    private final CandleContext context;

    private final java.util.concurrent.atomic.AtomicBoolean servedFull = new java.util.concurrent.atomic.AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicBoolean servedLean = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile ByteChunks full;
    private volatile ByteChunks lean;
    private volatile ByteChunks fullGzip;
    private volatile ByteChunks leanGzip;

    /**
     * @param candles oldest first
     * @param hasMore true when older candles exist inside the requested range
     */
    public CandlePage(List<RenderedCandle> candles, String exchange, String symbol, boolean hasMore) {
        this(candles, exchange, symbol, hasMore, CandleContext.NONE);
    }

    /** @param context each candle's market context members (written after the candle's own) */
    public CandlePage(List<RenderedCandle> candles, String exchange, String symbol, boolean hasMore,
                      CandleContext context) {
        this(candles, exchange, symbol, hasMore, context, false);
    }

    /**
     * @param collecting the page is empty because the configured market's candles of this timeframe
     *                   have not reached the replica yet: the body says {@code "collecting":true}
     */
    public CandlePage(List<RenderedCandle> candles, String exchange, String symbol, boolean hasMore,
                      CandleContext context, boolean collecting) {
        this.collecting = collecting;
        this.context = context;
        // a packed page is immutable and all closed: kept as it is, no object made per candle
        this.packed = candles instanceof PackedPage p ? p : null;
        this.candles = packed != null ? packed : List.copyOf(candles);
        this.exchange = exchange;
        this.symbol = symbol;
        this.hasMore = hasMore;
        this.allClosed = packed != null || this.candles.stream().allMatch(RenderedCandle::closed);
    }

    /** Every candle closed (and at least one): with a bounded range, the page can no longer change. */
    public boolean allClosed() {
        return allClosed && !candles.isEmpty();
    }

    public List<RenderedCandle> candles() {
        return candles;
    }

    public CandleContext context() {
        return context;
    }

    /** Candle {@code i} with its context members, as every body of this page writes it. */
    public void writeCandle(int i, JsonBytes out, boolean clusters) {
        if (packed != null) {
            packed.writeTo(i, out, clusters, context.fragment(packed.time(i)));
            return;
        }
        RenderedCandle c = candles.get(i);
        c.writeTo(out, clusters, context.fragment(c.time()));
    }

    /** Bytes of candle {@code i} as {@link #writeCandle} writes it. */
    public int candleSize(int i, boolean clusters) {
        if (packed != null) {
            return packed.size(i, clusters) + context.fragment(packed.time(i)).length;
        }
        RenderedCandle c = candles.get(i);
        byte[] members = context.fragment(c.time());
        return c.size(clusters) + members.length;
    }

    /** Time of candle {@code i}. */
    public long candleTime(int i) {
        return PackedPage.timeAt(candles, i);
    }

    /** Heap a rendering of candle {@code i} keeps (see {@link RenderedCandle#heapBytes}). */
    public long candleHeapBytes(int i) {
        return packed != null ? packed.heapBytes(i) : candles.get(i).heapBytes();
    }

    /** Empty because the configured market's candles have not been replicated yet (see the constructor). */
    public boolean collecting() {
        return collecting;
    }

    public boolean hasMore() {
        return hasMore;
    }

    /** Time of the first (oldest) candle, null when there are none: the next page's {@code before}. */
    public Long oldestTime() {
        return candles.isEmpty() ? null : candleTime(0);
    }

    /** The JSON body as one array; {@code clusters=false} leaves each candle's {@code clusters} member out. */
    public byte[] bytes(boolean clusters) {
        return joined(clusters).toByteArray();
    }

    /** The joined body, built on first use by one request while the others wait for it. */
    private ByteChunks joined(boolean clusters) {
        ByteChunks b = clusters ? full : lean;
        if (b != null) {
            return b;
        }
        synchronized (this) {
            b = clusters ? full : lean;
            if (b == null) {
                b = join(clusters);
                if (clusters) {
                    full = b;
                } else {
                    lean = b;
                }
            }
            return b;
        }
    }

    /** Exact size of the body: sent as Content-Length. */
    public long contentLength(boolean clusters) {
        ByteChunks b = clusters ? full : lean;
        if (b != null) {
            return b.length();
        }
        long n = head().length + tail().length + Math.max(0, candles.size() - 1);
        for (int i = 0; i < candles.size(); i++) {
            n += candleSize(i, clusters);
        }
        return n;
    }

    /**
     * The body: the joined one from the second request for this shape on (a page the page cache
     * serves again), written candle by candle the first time. Random reads (each request another
     * range) served nearly every page once, and joining it copied the whole body (83 KB for 500
     * candles) into chunks that the page cache then kept in the old generation only to evict them:
     * half the bytes the API allocated per page, in a 96 MiB heap (docs/benchmarks.md, issue 23).
     */
    public StreamingOutput body(boolean clusters) {
        boolean again = clusters ? servedFull.getAndSet(true) : servedLean.getAndSet(true);
        if (joinable(clusters) && (again || (clusters ? full : lean) != null)) {
            ByteChunks b = joined(clusters);
            return b::writeTo;
        }
        return out -> {
            BodyBuffer o = new BodyBuffer(out);
            write(o, clusters);
            o.flush();
        };
    }

    private void write(java.io.OutputStream o, boolean clusters) throws java.io.IOException {
        o.write(head());
        for (int i = 0; i < candles.size(); i++) {
            if (i > 0) {
                o.write(',');
            }
            if (packed != null) {
                packed.writeTo(i, o, clusters, context.fragment(packed.time(i)));
            } else {
                RenderedCandle c = candles.get(i);
                c.writeTo(o, clusters, context.fragment(c.time()));
            }
        }
        o.write(tail());
    }

    /** True when the body is (or will be) joined and so has a gzip body computed once. */
    public boolean joinable(boolean clusters) {
        return (clusters ? full : lean) != null || contentLength(clusters) <= JOIN_LIMIT;
    }

    /**
     * The gzip body of a {@link #joinable} page, compressed on the first call; {@code created} gets
     * its size when this call made it (to count it in a cache's bound).
     */
    public ByteChunks gzip(boolean clusters, java.util.function.LongConsumer created) {
        ByteChunks z = clusters ? fullGzip : leanGzip;
        if (z != null) {
            return z;
        }
        ByteChunks plain = joined(clusters);
        synchronized (this) { // one compression per body even when many requests ask at once
            z = clusters ? fullGzip : leanGzip;
            if (z == null) {
                z = Gzip.compress(plain);
                if (clusters) {
                    fullGzip = z;
                } else {
                    leanGzip = z;
                }
                created.accept(z.length());
            }
        }
        return z;
    }

    /** A body too big to join, gzip-compressed while it is written (no Content-Length). */
    public StreamingOutput gzipStream(boolean clusters) {
        StreamingOutput plain = body(clusters);
        return out -> {
            java.util.zip.GZIPOutputStream z = Gzip.stream(out);
            plain.write(z);
            z.finish();
        };
    }

    private static byte[] head() {
        return "{\"candles\":[".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** exchange and symbol are validated identifiers (letters, digits, '_'): no escaping needed. */
    private byte[] tail() {
        Long oldest = oldestTime();
        return ("],\"exchange\":\"" + exchange + "\",\"symbol\":\"" + symbol + "\",\"oldestTime\":"
                + (oldest == null ? "null" : oldest.toString()) + ",\"hasMore\":" + hasMore
                + (collecting ? ",\"collecting\":true}" : "}"))
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Heap held by the joined bodies built so far. */
    public long joinedBytes() {
        return sizeOf(full) + sizeOf(lean);
    }

    private static long sizeOf(ByteChunks b) {
        return b == null ? 0 : b.length();
    }

    /** Heap held by the gzip bodies compressed so far. */
    public long gzipBytes() {
        return sizeOf(fullGzip) + sizeOf(leanGzip);
    }

    private ByteChunks join(boolean clusters) {
        ByteChunks out = new ByteChunks(contentLength(clusters));
        try {
            write(out, clusters);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // not thrown by an in-memory stream
        }
        return out.seal();
    }
}
