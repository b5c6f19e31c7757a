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

/**
 * A minute-tier answer in pieces of one clock hour (the first and last piece possibly shorter), each
 * piece's rows sampled, rendered and deflated on their own ({@link GzipJoin.Fragment}). A whole hour
 * that is closed (coverage already a row past it: depth is never backfilled, so its rows never change)
 * is kept in a byte-bounded cache, so answers over overlapping ranges (a chart panned, another end
 * minute) reuse it instead of reading and rendering its 60 rows again. Exact for a step that divides
 * an hour (no step spans two pieces); an answer whose pieces start on different price grids is built
 * whole instead ({@link #sameGrid}).
 */
public final class DepthChunks {

    static final long HOUR = 3_600_000;
    private static final long MINUTE = 60_000;

    /** One piece: its steps as in {@link DepthSeries}, and both sides' rows rendered and deflated. */
    public record Chunk(Double priceStep, long[] times, long[] bidBin, long[] askBin, GzipJoin.Fragment bids,
                        GzipJoin.Fragment asks) {

        int heapBytes() {
            return 256 + 24 * times.length + bids.deflated().length + asks.deflated().length;
        }
    }

    private record Key(String exchange, String symbol, long start, long step) {
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

    /** The pieces of [from, to], oldest first; rows before {@code finalBefore} are final (cacheable). */
    List<Chunk> pieces(DepthReads reads, List<TradePartition> tier, String exchange, String symbol, long from, long to,
                       long step, long finalBefore) {
        List<Chunk> out = new ArrayList<>();
        for (long start = from; start <= to; ) {
            long end = Math.min(to, start - Math.floorMod(start, HOUR) + HOUR - 1);
            boolean cacheable = end - start == HOUR - 1 && end + MINUTE <= finalBefore;
            Key key = new Key(exchange, symbol, start, step);
            Chunk c = cacheable ? closed.getIfPresent(key) : null;
            if (c == null) {
                c = build(reads, tier, symbol, start, end, step);
                if (cacheable) {
                    closed.put(key, c);
                }
            }
            out.add(c);
            start = end + 1;
        }
        return out;
    }

    private static Chunk build(DepthReads reads, List<TradePartition> tier, String symbol, long from, long to, long step) {
        DepthSampler sampler = new DepthSampler(step);
        for (TradePartition p : tier) {
            if (p.dayEnd() > from && p.dayStart() <= to) {
                reads.snapshots(p, symbol, from, to, sampler::add);
            }
        }
        DepthSampler.Result r = sampler.finish();
        return new Chunk(r.priceStep(), r.times(), r.bidBin(), r.askBin(), side(r.bids()), side(r.asks()));
    }

    private static GzipJoin.Fragment side(float[][] rows) {
        ByteArrayOutputStream plain = new ByteArrayOutputStream(rows.length * 512 + 16);
        try {
            JsonBytes out = new JsonBytes(16 * 1024);
            DepthSeries.rows(out, rows, plain);
            out.drainTo(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // not thrown by an in-memory stream
        }
        return GzipJoin.deflate(plain.toByteArray(), plain.size());
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
