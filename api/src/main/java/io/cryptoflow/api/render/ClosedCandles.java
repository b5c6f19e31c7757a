package io.cryptoflow.api.render;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.cryptoflow.common.Timeframe;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Rendered closed candles by market and timeframe, in blocks of {@link #BLOCK} consecutive open
 * times, so a page of any range is taken from memory instead of from its rows: random reads (each
 * request another market, timeframe and {@code before}) read 500 rows over JDBC and looked each up
 * in the per-candle {@link RenderCache} (about a third of a page's CPU, and per candle a map entry,
 * key and node that kept the 96 MiB heap collecting every few milliseconds; docs/benchmarks.md,
 * issue 23).
 *
 * <p>Nothing here is trusted without the range's summary from SQLite ({@link #page}): the candles
 * found for it must have the same count, first and last time, highest revision and sums of times
 * and revisions as the rows in api.db, else the caller reads the rows. Every write stamps its rows
 * with a revision higher than any before, so a changed, added or removed row changes that summary:
 * the same reasoning that makes the page's ETag safe. Only closed candles are kept (a forming one
 * changes every few seconds).
 *
 * <p>Bounded by the bytes of the renderings it holds (shared with the render cache while both hold
 * a candle); whole blocks are evicted, least used first (Caffeine W-TinyLFU).
 */
public final class ClosedCandles {

    /** Candles per block: a 500-candle page spans two blocks at most. */
    static final int BLOCK = 512;

    /** What SQLite says about the newest {@code rows} candles of a range (see {@code core/PageSummary}). */
    public record Expected(int rows, long oldest, long newest, long maxRev, long timeSum, long revSum) {
    }

    record Key(Timeframe tf, String symbol, long block) {
    }

    /** Slots by open time within the block; replaced whole on every change, never mutated once published. */
    record Block(RenderedCandle[] slots, long bytes) {
    }

    private final Cache<Key, Block> blocks;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    public ClosedCandles(long maxBytes) {
        this.blocks = Caffeine.newBuilder()
                .maximumWeight(Math.max(0, maxBytes))
                .weigher((Key k, Block b) -> (int) Math.min(Integer.MAX_VALUE, b.bytes()))
                .executor(Runnable::run)
                .build();
    }

    /**
     * The newest {@code limit} candles of a range, newest first, when this holds exactly the rows
     * {@code expected} describes (the newest {@code limit + 1} rows of the range, all closed); else
     * null.
     */
    public List<RenderedCandle> page(Timeframe tf, String symbol, Expected expected, int limit) {
        long step = tf.millis();
        if (expected.rows() == 0 || !tf.isAligned(expected.newest()) || !tf.isAligned(expected.oldest())) {
            misses.increment();
            return null;
        }
        List<RenderedCandle> newestFirst = new ArrayList<>(Math.min(limit, expected.rows()));
        int count = 0;
        long oldestFound = Long.MIN_VALUE;
        long maxRev = -1;
        long timeSum = 0;
        long revSum = 0;
        Block block = null;
        long blockNo = Long.MIN_VALUE;
        for (long t = expected.newest(); t >= expected.oldest(); t -= step) {
            long slot = Math.floorDiv(t, step);
            long no = Math.floorDiv(slot, BLOCK);
            if (no != blockNo) {
                blockNo = no;
                block = blocks.getIfPresent(new Key(tf, symbol, no));
                if (block == null) {
                    misses.increment();
                    return null;
                }
            }
            RenderedCandle c = block.slots()[(int) Math.floorMod(slot, BLOCK)];
            if (c == null) {
                continue; // no candle there, or one never read: the sums below tell which
            }
            if (++count > expected.rows()) {
                misses.increment();
                return null;
            }
            oldestFound = c.time();
            maxRev = Math.max(maxRev, c.rev());
            timeSum += c.time();
            revSum += c.rev();
            if (newestFirst.size() < limit) {
                newestFirst.add(c);
            }
        }
        if (count != expected.rows() || maxRev != expected.maxRev() || timeSum != expected.timeSum()
                || revSum != expected.revSum() || newestFirst.get(0).time() != expected.newest()
                || oldestFound != expected.oldest()) {
            misses.increment();
            return null;
        }
        hits.increment();
        return newestFirst;
    }

    /** Keeps the closed ones of {@code candles} (read from api.db just now), replacing older revisions. */
    public void offer(Timeframe tf, String symbol, List<RenderedCandle> candles) {
        long step = tf.millis();
        int i = 0;
        while (i < candles.size()) {
            long no = Math.floorDiv(Math.floorDiv(candles.get(i).time(), step), BLOCK);
            int end = i;
            while (end < candles.size() && Math.floorDiv(Math.floorDiv(candles.get(end).time(), step), BLOCK) == no) {
                end++;
            }
            List<RenderedCandle> part = candles.subList(i, end);
            blocks.asMap().compute(new Key(tf, symbol, no), (k, old) -> merged(old, part, step));
            i = end;
        }
    }

    private static Block merged(Block old, List<RenderedCandle> part, long step) {
        RenderedCandle[] slots = old == null ? new RenderedCandle[BLOCK] : old.slots().clone();
        long bytes = old == null ? 64L + 4L * BLOCK : old.bytes();
        for (RenderedCandle c : part) {
            if (!c.closed() || c.time() % step != 0) {
                continue;
            }
            int slot = (int) Math.floorMod(Math.floorDiv(c.time(), step), BLOCK);
            RenderedCandle was = slots[slot];
            if (was != null && was.rev() > c.rev()) {
                continue; // a slower reader never puts back an older revision
            }
            bytes += c.heapBytes() - (was == null ? 0 : was.heapBytes());
            slots[slot] = c;
        }
        return new Block(slots, bytes);
    }

    /** Drops everything (api.db replaced by another file, or a replica of another lineage). */
    public void clear() {
        blocks.invalidateAll();
    }

    public long bytes() {
        blocks.cleanUp();
        return blocks.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
    }

    public long hits() {
        return hits.sum();
    }

    public long misses() {
        return misses.sum();
    }
}
