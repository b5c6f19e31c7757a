package io.cryptoflow.api.render;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.LongFunction;
import java.util.function.Predicate;

/**
 * Forgetting a span of open times in memory kept in blocks of {@link ClosedCandles#BLOCK} slots with
 * a "known" bit per slot ({@link ClosedCandles}, and the candle contexts of {@code core/KnownContexts}).
 */
public final class SlotBlocks {

    private SlotBlocks() {
    }

    /**
     * The keys of the blocks holding slots [{@code loSlot}, {@code hiSlot}]: each block number when they
     * are few, else those of {@code held} that {@code inSpan} accepts (a span of years need not be walked).
     */
    public static <K> List<K> touched(long loSlot, long hiSlot, LongFunction<K> keyOf, Collection<K> held,
                                      Predicate<K> inSpan) {
        long loBlock = Math.floorDiv(loSlot, ClosedCandles.BLOCK);
        long hiBlock = Math.floorDiv(hiSlot, ClosedCandles.BLOCK);
        List<K> keys = new ArrayList<>();
        if (hiBlock - loBlock < 64) {
            for (long no = loBlock; no <= hiBlock; no++) {
                keys.add(keyOf.apply(no));
            }
        } else {
            for (K k : held) {
                if (inSpan.test(k)) {
                    keys.add(k);
                }
            }
        }
        return keys;
    }

    /** Whether block {@code no} holds any of the slots [{@code loSlot}, {@code hiSlot}]. */
    public static boolean overlaps(long no, long loSlot, long hiSlot) {
        return no >= Math.floorDiv(loSlot, ClosedCandles.BLOCK) && no <= Math.floorDiv(hiSlot, ClosedCandles.BLOCK);
    }

    /** A copy of block {@code no}'s known bits without those of slots [{@code loSlot}, {@code hiSlot}]. */
    public static long[] forgotten(long[] known, long no, long loSlot, long hiSlot) {
        long[] out = known.clone();
        long first = no * ClosedCandles.BLOCK;
        for (long s = Math.max(loSlot, first); s <= Math.min(hiSlot, first + ClosedCandles.BLOCK - 1); s++) {
            int i = (int) (s - first);
            out[i >> 6] &= ~(1L << (i & 63));
        }
        return out;
    }
}
