package io.cryptoflow.api.render;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.cryptoflow.common.Timeframe;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
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
 * <p>Each candle is kept packed ({@link CandleShape}: its values without the keys every candle repeats,
 * ~85 bytes of heap against ~280 for a rendering and its objects), so the bound holds the closed
 * candles of a whole random-read workload instead of starting over (docs/benchmarks.md, "Random reads
 * that fit"). Bounded by the bytes of the packed candles; whole blocks are evicted, least used first
 * (Caffeine W-TinyLFU).
 */
public final class ClosedCandles {

    /** Candles per block: a 500-candle page spans two blocks at most. */
    public static final int BLOCK = 512;

    /** What SQLite says about the newest {@code rows} candles of a range (see {@code core/PageSummary}). */
    public record Expected(int rows, long oldest, long newest, long maxRev, long timeSum, long revSum) {
    }

    record Key(Timeframe tf, String symbol, long block) {
    }

    /**
     * Packed candles by open time within the block (values, shape, rev), and which slots are known exact (bit set: the slot holds
     * the row api.db has there, or null for no row, as of the change tracker's position); replaced
     * whole on every change, never mutated once published.
     */
    record Block(byte[][] values, CandleShape[] shapes, long[] revs, long[] known, long bytes) {
    }

    /** Heap of a packed slot: its values array (header and length) and its share of the block's arrays. */
    private static long slotBytes(byte[] values) {
        return values.length + 16L;
    }

    /** One market's candles of one timeframe: the unit of change tracking. */
    private record Series(Timeframe tf, String symbol) {
    }

    /** The newest {@code limit + 1} rows of a range as memory knows them exactly: page and summary. */
    public record Known(PackedPage newestFirst, int rows, long oldest, long newest, long maxRev,
                        long timeSum, long revSum) {
    }

    private final Cache<Key, Block> blocks;
    private final CandleShapes shapes = new CandleShapes();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder knownHits = new LongAdder();
    private final LongAdder evictions = new LongAdder();
    /**
     * Per series, the highest revision the change tracker has seen change it: knowledge read from an
     * older snapshot is not marked known (it may predate that change).
     */
    private final ConcurrentHashMap<Series, Long> changedAt = new ConcurrentHashMap<>();
    /**
     * Per series, an open time below which api.db holds no row (learned from a read of a range open
     * downwards that found fewer rows than it asked for): the walk of {@link #known} stops there.
     */
    private final ConcurrentHashMap<Series, Long> noneBelow = new ConcurrentHashMap<>();
    /** Knowledge from snapshots older than this is not marked known; MAX_VALUE until the tracker starts. */
    private volatile long knownFloor = Long.MAX_VALUE;

    public ClosedCandles(long maxBytes) {
        this.blocks = Caffeine.newBuilder()
                .maximumWeight(Math.max(0, maxBytes))
                .weigher((Key k, Block b) -> (int) Math.min(Integer.MAX_VALUE, b.bytes()))
                .executor(Runnable::run)
                .removalListener((Key k, Block b, com.github.benmanes.caffeine.cache.RemovalCause cause) -> {
                    if (cause == com.github.benmanes.caffeine.cache.RemovalCause.SIZE) {
                        evictions.increment();
                    }
                })
                .build();
    }

    /** Blocks evicted for room so far: memory holds less than the candles read into it. */
    public long evictions() {
        return evictions.sum();
    }

    /**
     * The newest {@code limit} candles of a range, newest first, when this holds exactly the rows
     * {@code expected} describes (the newest {@code limit + 1} rows of the range, all closed); else
     * null.
     */
    public PackedPage page(Timeframe tf, String symbol, Expected expected, int limit) {
        long step = tf.millis();
        if (expected.rows() == 0 || !tf.isAligned(expected.newest()) || !tf.isAligned(expected.oldest())) {
            misses.increment();
            return null;
        }
        PackedPage.Builder newestFirst = new PackedPage.Builder(step, Math.min(limit, expected.rows()));
        int count = 0;
        long newestFound = Long.MIN_VALUE;
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
            int i = (int) Math.floorMod(slot, BLOCK);
            if (block.values()[i] == null) {
                continue; // no candle there, or one never read: the sums below tell which
            }
            if (++count > expected.rows()) {
                misses.increment();
                return null;
            }
            long rev = block.revs()[i];
            if (count == 1) {
                newestFound = t;
            }
            oldestFound = t;
            maxRev = Math.max(maxRev, rev);
            timeSum += t;
            revSum += rev;
            if (newestFirst.size() < limit) {
                newestFirst.add(block, no, i);
            }
        }
        if (count != expected.rows() || maxRev != expected.maxRev() || timeSum != expected.timeSum()
                || revSum != expected.revSum() || newestFound != expected.newest()
                || oldestFound != expected.oldest()) {
            misses.increment();
            return null;
        }
        hits.increment();
        return newestFirst.build();
    }

    /** Keeps the closed ones of {@code candles} (read from api.db just now), replacing older revisions. */
    public void offer(Timeframe tf, String symbol, List<RenderedCandle> candles) {
        offer(tf, symbol, candles, 0, 0, -1);
    }

    /**
     * Keeps the closed ones of {@code candles}, and when {@code snapshotRev} is trusted (not older than
     * the tracker's start nor than a change it saw to this series) marks every open time in
     * [{@code knownFrom}, {@code knownTo}) known: {@code candles} must then hold every row api.db had in
     * that range at {@code snapshotRev} (a slot without one is known empty; an open one stays unknown).
     */
    public void offer(Timeframe tf, String symbol, List<RenderedCandle> candles, long knownFrom, long knownTo,
                      long snapshotRev) {
        offer(tf, symbol, candles, knownFrom, knownTo, snapshotRev, false);
    }

    /** @param nothingOlder no row is older than {@code candles}' oldest (a range open downwards, read whole) */
    public void offer(Timeframe tf, String symbol, List<RenderedCandle> candles, long knownFrom, long knownTo,
                      long snapshotRev, boolean nothingOlder) {
        long step = tf.millis();
        boolean marks = snapshotRev >= 0 && knownTo > knownFrom;
        for (RenderedCandle c : candles) {
            marks &= c.time() % step == 0; // an unaligned row has no slot: the range cannot be known exact
        }
        long loSlot = marks ? ceilDiv(knownFrom, step) : 1;
        long hiSlot = marks ? Math.floorDiv(knownTo - 1, step) : 0;
        java.util.TreeMap<Long, List<RenderedCandle>> byBlock = new java.util.TreeMap<>();
        for (RenderedCandle c : candles) {
            byBlock.computeIfAbsent(Math.floorDiv(Math.floorDiv(c.time(), step), BLOCK), k -> new ArrayList<>()).add(c);
        }
        if (loSlot <= hiSlot) {
            for (long no = Math.floorDiv(loSlot, BLOCK); no <= Math.floorDiv(hiSlot, BLOCK); no++) {
                byBlock.computeIfAbsent(no, k -> List.of());
            }
        }
        Series series = new Series(tf, symbol);
        if (nothingOlder && loSlot <= hiSlot && !candles.isEmpty()) {
            long oldest = candles.get(candles.size() - 1).time();
            noneBelow.compute(series, (k, was) -> snapshotRev >= knownFloor
                    && snapshotRev >= changedAt.getOrDefault(k, Long.MIN_VALUE) ? Long.valueOf(oldest) : was);
        }
        for (var e : byBlock.entrySet()) {
            long no = e.getKey();
            blocks.asMap().compute(new Key(tf, symbol, no), (k, old) -> {
                // checked inside the block's compute: a tracker's change marks changedAt before it clears
                // this block, so knowledge from before that change is either refused here or cleared after
                boolean trusted = loSlot <= hiSlot && snapshotRev >= knownFloor
                        && snapshotRev >= changedAt.getOrDefault(series, Long.MIN_VALUE);
                return merged(old, e.getValue(), step, no, trusted ? loSlot : 1, trusted ? hiSlot : 0);
            });
        }
    }

    private static long ceilDiv(long x, long step) {
        return x == Long.MIN_VALUE ? Math.floorDiv(x, step) + 1 : -Math.floorDiv(-x, step);
    }

    /** @param loSlot..hiSlot (inclusive, absolute slot numbers) the slots {@code part} is every row of */
    private Block merged(Block old, List<RenderedCandle> part, long step, long no, long loSlot, long hiSlot) {
        byte[][] values = old == null ? new byte[BLOCK][] : old.values().clone();
        CandleShape[] kinds = old == null ? new CandleShape[BLOCK] : old.shapes().clone();
        long[] revs = old == null ? new long[BLOCK] : old.revs().clone();
        long[] known = old == null ? new long[BLOCK / 64] : old.known().clone();
        long bytes = old == null ? 64L + 16L * BLOCK + BLOCK / 8 : old.bytes();
        long first = no * BLOCK;
        int lo = (int) Math.max(0, loSlot - first);
        int hi = (int) Math.min(BLOCK - 1, hiSlot - first);
        for (int i = lo; i <= hi; i++) {
            // known empty unless part has the row (set below); a row deleted since is dropped here
            if (values[i] != null) {
                bytes -= slotBytes(values[i]);
                values[i] = null;
                kinds[i] = null;
            }
            known[i >> 6] |= 1L << (i & 63);
        }
        for (RenderedCandle c : part) {
            if (c.time() % step != 0) {
                continue;
            }
            int slot = (int) Math.floorMod(Math.floorDiv(c.time(), step), BLOCK);
            if (!c.closed()) {
                known[slot >> 6] &= ~(1L << (slot & 63)); // a forming candle is never kept: not known
                continue;
            }
            if (values[slot] != null && revs[slot] >= c.rev()) {
                continue; // a slower reader never puts back an older revision; the same one is kept as is
            }
            if (values[slot] == null && old != null && old.values()[slot] != null && old.revs()[slot] >= c.rev()) {
                // cleared above as part of the known range, and the row is still the revision kept (or
                // newer): keep its packed form instead of packing it again (pack was a quarter of a
                // random footprint page's CPU, and a page read from rows mostly re-offers kept candles)
                values[slot] = old.values()[slot];
                kinds[slot] = old.shapes()[slot];
                revs[slot] = old.revs()[slot];
                bytes += slotBytes(values[slot]);
                continue;
            }
            CandleShapes.Packed packed = shapes.pack(c);
            if (packed == null) {
                known[slot >> 6] &= ~(1L << (slot & 63)); // not kept, so not known: read from its row
                if (values[slot] != null) {
                    bytes -= slotBytes(values[slot]);
                    values[slot] = null;
                    kinds[slot] = null;
                }
                continue;
            }
            bytes += slotBytes(packed.values()) - (values[slot] == null ? 0 : slotBytes(values[slot]));
            values[slot] = packed.values();
            kinds[slot] = packed.shape();
            revs[slot] = c.rev();
        }
        return new Block(values, kinds, revs, known, bytes);
    }

    /**
     * The newest {@code limit} candles of [{@code from}, {@code to}) and the summary of the newest
     * {@code limit + 1}, when every open time from the top of the range down to where those rows end
     * is known exact; else null (also for a range with no row: the caller asks api.db why).
     */
    public Known known(Timeframe tf, String symbol, long from, long to, int limit) {
        long step = tf.millis();
        if (to <= from || knownFloor == Long.MAX_VALUE) {
            return null;
        }
        long bottom = ceilDiv(Math.max(from, noneBelow.getOrDefault(new Series(tf, symbol), Long.MIN_VALUE)), step);
        PackedPage.Builder newestFirst = new PackedPage.Builder(step, limit);
        long newest = 0;
        int rows = 0;
        long oldest = 0;
        long maxRev = -1;
        long timeSum = 0;
        long revSum = 0;
        Block block = null;
        long blockNo = Long.MIN_VALUE;
        for (long slot = Math.floorDiv(to - 1, step); slot >= bottom && rows <= limit; slot--) {
            long no = Math.floorDiv(slot, BLOCK);
            if (no != blockNo) {
                blockNo = no;
                block = blocks.getIfPresent(new Key(tf, symbol, no));
                if (block == null) {
                    return null;
                }
            }
            int i = (int) Math.floorMod(slot, BLOCK);
            if ((block.known()[i >> 6] & (1L << (i & 63))) == 0) {
                return null;
            }
            if (block.values()[i] == null) {
                continue;
            }
            long time = slot * step;
            long rev = block.revs()[i];
            if (++rows == 1) {
                newest = time;
            }
            oldest = time;
            maxRev = Math.max(maxRev, rev);
            timeSum += time;
            revSum += rev;
            if (rows <= limit) {
                newestFirst.add(block, no, i);
            }
        }
        if (rows == 0) {
            return null;
        }
        knownHits.increment();
        return new Known(newestFirst.build(), rows, oldest, newest, maxRev, timeSum, revSum);
    }

    /**
     * A change the tracker found: rows of this series with open times in [{@code minTime}, {@code maxTime}]
     * were written or deleted at revisions up to {@code rev}; what memory knew of them is no longer exact.
     */
    public void changed(Timeframe tf, String symbol, long minTime, long maxTime, long rev) {
        Series series = new Series(tf, symbol);
        changedAt.merge(series, rev, Math::max);
        noneBelow.computeIfPresent(series, (k, first) -> minTime < first ? null : first); // an older row came in
        long step = tf.millis();
        long loSlot = Math.floorDiv(minTime, step);
        long hiSlot = Math.floorDiv(maxTime, step);
        List<Key> keys = SlotBlocks.touched(loSlot, hiSlot, no -> new Key(tf, symbol, no), blocks.asMap().keySet(),
                k -> k.tf() == tf && k.symbol().equals(symbol) && SlotBlocks.overlaps(k.block(), loSlot, hiSlot));
        for (Key k : keys) {
            blocks.asMap().computeIfPresent(k, (key, b) -> {
                long[] known = SlotBlocks.forgotten(b.known(), key.block(), loSlot, hiSlot);
                return new Block(b.values(), b.shapes(), b.revs(), known, b.bytes());
            });
        }
    }

    /**
     * The change tracker (re)starts at {@code rev}: everything known before is forgotten, knowledge
     * from snapshots at or after {@code rev} is trusted from now on.
     */
    public void trustFrom(long rev) {
        knownFloor = Long.MAX_VALUE;
        blocks.invalidateAll();
        changedAt.clear();
        noneBelow.clear();
        knownFloor = rev;
    }

    /** Drops everything (api.db replaced by another file, or a replica of another lineage). */
    public void clear() {
        knownFloor = Long.MAX_VALUE;
        blocks.invalidateAll();
        changedAt.clear();
        noneBelow.clear();
    }

    public long bytes() {
        blocks.cleanUp();
        return blocks.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
    }

    public long hits() {
        return hits.sum();
    }

    /** Pages taken from memory without asking api.db ({@link #known}). */
    public long knownHits() {
        return knownHits.sum();
    }

    public long misses() {
        return misses.sum();
    }
}
