package io.cryptoflow.api.core;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.cryptoflow.api.api.DepthSeries;
import io.cryptoflow.api.api.GzipJoin;
import io.cryptoflow.api.render.JsonBytes;
import io.cryptoflow.common.TradePartition;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;

/**
 * A minute-tier answer in pieces of one clock hour (the first and last piece possibly shorter), each
 * piece's members (times, bins, both sides' rows) sampled, rendered and deflated on their own
 * ({@link GzipJoin.Fragment}), so an answer is mostly cached fragments joined by reference. A whole hour
 * that is closed (coverage already a row past it: depth is never backfilled, so its rows never change)
 * is kept in a byte-bounded cache, so answers over overlapping ranges (a chart panned, another end
 * minute) reuse it instead of reading and rendering its 60 rows again. Exact for a step that divides
 * an hour (no step spans two pieces); an answer whose pieces start on different price grids is built
 * whole instead ({@link #sameGrid}).
 */
public final class DepthChunks {

    static final long HOUR = 3_600_000;
    private static final long MINUTE = 60_000;
    private static final int PART_MINUTES = 10;
    /** The span of the pieces a partial hour is cut into. */
    static final long PART = PART_MINUTES * MINUTE;

    /**
     * One piece: how many steps it holds, and each member of {@link DepthSeries} over them rendered
     * (comma-separated, no brackets) and deflated.
     */
    public record Chunk(Double priceStep, int steps, GzipJoin.Fragment times, GzipJoin.Fragment bidBin,
                        GzipJoin.Fragment askBin, GzipJoin.Fragment bids, GzipJoin.Fragment asks) {

        int heapBytes() {
            int n = 256;
            for (GzipJoin.Fragment f : List.of(times, bidBin, askBin, bids, asks)) {
                n += 64 + f.deflated().length;
            }
            return n;
        }
    }

    private record Key(String exchange, String symbol, long start, long span, long step) {
    }

    private final Cache<Key, Chunk> closed;

    public DepthChunks(long maxBytes) {
        this.closed = Caffeine.newBuilder()
                .maximumWeight(Math.max(0, maxBytes))
                .weigher((Key k, Chunk c) -> c.heapBytes())
                .executor(Runnable::run)
                .build();
    }

    /** A minute-tier step that divides an hour: answered in pieces. */
    static boolean applies(long step) {
        return step % MINUTE == 0 && HOUR % step == 0;
    }

    /**
     * The pieces of [from, to], oldest first; rows before {@code finalBefore} are final (cacheable). A
     * partial hour at either end is cut further into {@value #PART_MINUTES}-minute pieces when the step
     * divides them, so an answer ending at any minute reads and renders at most a few rows afresh (24 h
     * ending at a random minute: 11 rows instead of 61) and takes the rest from the cache.
     */
    List<Chunk> pieces(DepthReads reads, List<TradePartition> tier, String exchange, String symbol, long from, long to,
                       long step, long finalBefore) {
        List<Chunk> out = new ArrayList<>();
        for (long start = from; start <= to; ) {
            long end = Math.min(to, start - Math.floorMod(start, HOUR) + HOUR - 1);
            if (end - start == HOUR - 1 || PART % step != 0) {
                out.add(piece(reads, tier, exchange, symbol, start, end, step, HOUR, finalBefore));
            } else {
                for (long s = start; s <= end; ) {
                    long e = Math.min(end, s - Math.floorMod(s, PART) + PART - 1);
                    out.add(piece(reads, tier, exchange, symbol, s, e, step, PART, finalBefore));
                    s = e + 1;
                }
            }
            start = end + 1;
        }
        return out;
    }

    /** One piece; cached when it spans all of {@code span} and its rows are final. */
    private Chunk piece(DepthReads reads, List<TradePartition> tier, String exchange, String symbol, long start,
                        long end, long step, long span, long finalBefore) {
        boolean cacheable = end - start == span - 1 && end + MINUTE <= finalBefore;
        Key key = new Key(exchange, symbol, start, span, step);
        Chunk c = cacheable ? closed.getIfPresent(key) : null;
        if (c == null) {
            // kept ones are deflated harder (made once, sent many times), the others as fast as possible
            c = build(reads, tier, symbol, start, end, step, cacheable ? Deflater.DEFAULT_COMPRESSION : Deflater.BEST_SPEED);
            if (cacheable) {
                closed.put(key, c);
            }
        }
        return c;
    }

    private static Chunk build(DepthReads reads, List<TradePartition> tier, String symbol, long from, long to, long step,
                               int level) {
        DepthSampler sampler = new DepthSampler(step);
        for (TradePartition p : tier) {
            if (p.dayEnd() > from && p.dayStart() <= to) {
                reads.snapshots(p, symbol, from, to, sampler::add);
            }
        }
        DepthSampler.Result r = sampler.finish();
        return new Chunk(r.priceStep(), r.times().length, longs(r.times(), level), longs(r.bidBin(), level),
                longs(r.askBin(), level), side(r.bids(), level), side(r.asks(), level));
    }

    private static GzipJoin.Fragment longs(long[] values, int level) {
        return deflated(values.length * 16 + 16, (out, plain) -> DepthSeries.longs(out, values, plain), level);
    }

    private static GzipJoin.Fragment side(float[][] rows, int level) {
        return deflated(rows.length * 512 + 16, (out, plain) -> DepthSeries.rows(out, rows, plain), level);
    }

    private interface Render {
        void to(JsonBytes out, ByteArrayOutputStream plain) throws IOException;
    }

    private static GzipJoin.Fragment deflated(int sizeHint, Render render, int level) {
        ByteArrayOutputStream plain = new ByteArrayOutputStream(sizeHint);
        try {
            JsonBytes out = new JsonBytes(Math.min(sizeHint, 16 * 1024)); // a 10-minute piece needs ~8 KB
            render.to(out, plain);
            out.drainTo(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // not thrown by an in-memory stream
        }
        return GzipJoin.deflate(plain.toByteArray(), plain.size(), level);
    }

    /** Whether every piece holding a snapshot is on one price grid (else the whole answer is sampled on the first). */
    static boolean sameGrid(List<Chunk> pieces) {
        Double grid = null;
        for (Chunk c : pieces) {
            if (c.priceStep() != null) {
                if (grid != null && !grid.equals(c.priceStep())) {
                    return false;
                }
                grid = c.priceStep();
            }
        }
        return true;
    }

    /** Forgets every piece (api.db replaced by another file). */
    public void clear() {
        closed.invalidateAll();
    }
}
