package io.cryptoflow.api.core;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.cryptoflow.api.api.CandleContext;
import io.cryptoflow.api.render.PackedPage;
import io.cryptoflow.api.render.RenderedCandle;
import io.cryptoflow.api.render.SlotBlocks;
import io.cryptoflow.common.Timeframe;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rendered market context of candles (one {@link CandleContext#fragment} per open time) of markets
 * that have context series, known exact as of the change tracker's position, so a page of such a market
 * is answered from memory like one of a spot market (issue 23). Filled by the SQL path's context reads
 * ({@link CandleContextReader}), cleared by {@link ReplicaChanges} per market and the span of open
 * times a changed row can affect ({@link #changed}: the rules of {@link CandleContextReader} read
 * backwards). Blocks of {@link #BLOCK} open times per (timeframe, market), replaced whole on every
 * change, never mutated once published; the trust rules are those of {@code render/ClosedCandles}.
 */
final class KnownContexts {

    /** What a changed row is: the kind decides which candles' context it can touch. */
    enum Kind {
        /** an open interest sample at its time: candles whose close is in [time, time + max(tf, 15 min)) */
        OPEN_INTEREST,
        /** a funding event: the candle holding it and those opening in the next 24 h (their rate) */
        FUNDING,
        /** liquidation events or newly connected time: the candles overlapping [minTime, maxTime] */
        LIQUIDATIONS
    }

    static final int BLOCK = io.cryptoflow.api.render.ClosedCandles.BLOCK;

    private record Key(Timeframe tf, String stored, long block) {
    }

    private record Block(byte[][] slots, long[] known, long bytes) {
    }

    private final Cache<Key, Block> blocks;
    /** Per market, the highest tracker revision that cleared some of its context. */
    private final ConcurrentHashMap<String, Long> changedAt = new ConcurrentHashMap<>();
    /** Markets seen with context series at a trusted revision (a deletion of a series forgets them). */
    private final ConcurrentHashMap<String, Long> withSources = new ConcurrentHashMap<>();
    private volatile long floor = Long.MAX_VALUE;
    private final java.util.concurrent.atomic.LongAdder hits = new java.util.concurrent.atomic.LongAdder();

    KnownContexts(long maxBytes) {
        this.blocks = Caffeine.newBuilder()
                .maximumWeight(Math.max(0, maxBytes))
                .weigher((Key k, Block b) -> (int) Math.min(Integer.MAX_VALUE, b.bytes()))
                .executor(Runnable::run)
                .build();
    }

    private boolean trusted(String stored, long rev) {
        return rev >= 0 && rev >= floor && rev >= changedAt.getOrDefault(stored, Long.MIN_VALUE);
    }

    /** The market has context series as read at {@code rev}. */
    void sawSources(String stored, long rev) {
        withSources.compute(stored, (k, was) -> trusted(k, rev) ? Long.valueOf(rev) : was);
    }

    boolean knownWithSources(String stored) {
        return withSources.containsKey(stored);
    }

    /** Keeps the context read at {@code rev} of every candle in {@code context} (all of a page's candles). */
    void offer(Timeframe tf, String stored, CandleContext context, long rev) {
        if (!trusted(stored, rev)) {
            return;
        }
        long step = tf.millis();
        Map<Long, List<Map.Entry<Long, byte[]>>> byBlock = new HashMap<>();
        for (Map.Entry<Long, byte[]> e : context.fragments().entrySet()) {
            if (e.getKey() % step == 0) {
                byBlock.computeIfAbsent(Math.floorDiv(Math.floorDiv(e.getKey(), step), BLOCK), k -> new ArrayList<>()).add(e);
            }
        }
        byBlock.forEach((no, part) -> blocks.asMap().compute(new Key(tf, stored, no), (k, old) -> {
            // checked inside the block's compute: changed() marks changedAt before it clears blocks
            if (!trusted(stored, rev)) {
                return old;
            }
            byte[][] slots = old == null ? new byte[BLOCK][] : old.slots().clone();
            long[] known = old == null ? new long[BLOCK / 64] : old.known().clone();
            long bytes = old == null ? 64L + 4L * BLOCK + BLOCK / 8 : old.bytes();
            for (Map.Entry<Long, byte[]> e : part) {
                int i = (int) Math.floorMod(Math.floorDiv(e.getKey(), step), BLOCK);
                bytes += e.getValue().length + 16L - (slots[i] == null ? 0 : slots[i].length + 16L);
                slots[i] = e.getValue();
                known[i >> 6] |= 1L << (i & 63);
            }
            return new Block(slots, known, bytes);
        }));
    }

    /** The context of exactly these candles, when every one is known; else null. */
    CandleContext of(Timeframe tf, String stored, List<RenderedCandle> candles) {
        long step = tf.millis();
        Map<Long, byte[]> out = new HashMap<>(candles.size() * 2);
        Block block = null;
        long blockNo = Long.MIN_VALUE;
        for (int n = 0; n < candles.size(); n++) {
            long time = PackedPage.timeAt(candles, n);
            long slot = Math.floorDiv(time, step);
            long no = Math.floorDiv(slot, BLOCK);
            if (no != blockNo) {
                blockNo = no;
                block = blocks.getIfPresent(new Key(tf, stored, no));
            }
            int i = (int) Math.floorMod(slot, BLOCK);
            if (block == null || (block.known()[i >> 6] & (1L << (i & 63))) == 0) {
                return null;
            }
            out.put(time, block.slots()[i]);
        }
        hits.increment();
        return CandleContext.ofFragments(out);
    }

    /** Pages whose context was taken from here. */
    long hits() {
        return hits.sum();
    }

    /**
     * Rows of {@code kind} of a market with times in [{@code minTime}, {@code maxTime}] were written or
     * deleted at or before tracker revision {@code rev}: forgets the context of every candle they can touch.
     *
     * @param deleted a series lost rows: the market may have none left (its pages' context is then NONE)
     */
    void changed(String stored, Kind kind, long minTime, long maxTime, boolean deleted, long rev) {
        changedAt.merge(stored, rev, Math::max);
        if (deleted) {
            withSources.remove(stored);
        }
        for (Timeframe tf : Timeframe.values()) {
            long tfMs = tf.millis();
            long lo = minTime - tfMs; // the candle holding minTime (its close is after it)
            long hi = switch (kind) {
                case OPEN_INTEREST -> maxTime + Math.max(tfMs, CandleContextReader.OI_MAX_AGE.toMillis());
                case FUNDING -> maxTime + CandleContextReader.FUNDING_MAX_AGE.toMillis();
                case LIQUIDATIONS -> maxTime;
            };
            forget(tf, stored, lo, hi);
        }
    }

    /** Every candle of the markets whose stored name starts with {@code prefix} opening in [lo, hi]. */
    void changedAll(String prefix, long lo, long hi, long rev) {
        java.util.Set<String> markets = new java.util.HashSet<>(withSources.keySet());
        for (Key k : blocks.asMap().keySet()) {
            markets.add(k.stored());
        }
        for (String stored : markets) {
            if (stored.startsWith(prefix)) {
                changed(stored, Kind.LIQUIDATIONS, lo, hi, false, rev);
            }
        }
    }

    private void forget(Timeframe tf, String stored, long lo, long hi) {
        long step = tf.millis();
        long loSlot = Math.floorDiv(lo, step);
        long hiSlot = Math.floorDiv(hi, step);
        List<Key> keys = SlotBlocks.touched(loSlot, hiSlot, no -> new Key(tf, stored, no), blocks.asMap().keySet(),
                k -> k.tf() == tf && k.stored().equals(stored) && SlotBlocks.overlaps(k.block(), loSlot, hiSlot));
        for (Key k : keys) {
            blocks.asMap().computeIfPresent(k, (key, b) -> {
                long[] known = SlotBlocks.forgotten(b.known(), key.block(), loSlot, hiSlot);
                return new Block(b.slots(), known, b.bytes());
            });
        }
    }

    /** The change tracker (re)starts at {@code rev}: what was known before is forgotten. */
    void trustFrom(long rev) {
        floor = Long.MAX_VALUE;
        blocks.invalidateAll();
        changedAt.clear();
        withSources.clear();
        floor = rev;
    }

    void clear() {
        floor = Long.MAX_VALUE;
        blocks.invalidateAll();
        changedAt.clear();
        withSources.clear();
    }
}
