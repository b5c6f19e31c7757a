package io.cryptoflow.api.core;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.Timeframe;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Liquidation sums per candle, kept per (day partition, market, timeframe) with the partition's highest
 * {@code seq} they include. Partitions are insert-only and {@code seq} is their commit order, so when a
 * partition grew only the rows above that {@code seq} are summed and added; an unchanged partition costs
 * nothing beyond one statement reading every partition's highest {@code seq}. Without it, a 1000-candle
 * page re-checked after each replica commit summed every event of its ten days again (about 17 ms for
 * 45,000 events). Cleared with the other caches when the replica is rebuilt from another lineage.
 */
public final class LiquidationSums {

    private record Key(String partition, MarketSymbol market, Timeframe tf) {
    }

    /** Sums by candle open time: long qty, short qty, long notional, short notional. Never changed once cached. */
    private record Entry(long seq, Map<Long, double[]> byOpen) {
    }

    private final Cache<Key, Entry> entries;

    /** About what one candle's sums hold on the heap (map node, boxed key, double[4]). */
    private static final int BYTES_PER_CANDLE = 120;

    /** @param maxBytes bound on the heap the sums hold, roughly (a day of 1m candles with events is about 170 KB) */
    public LiquidationSums(long maxBytes) {
        this.entries = Caffeine.newBuilder().maximumWeight(maxBytes)
                .weigher((Key k, Entry e) -> 64 + e.byOpen().size() * BYTES_PER_CANDLE).build();
    }

    /** The sums of the candles opening in [from, toExclusive), by open time; a candle without events is absent. */
    Map<Long, double[]> read(ContextReads reads, MarketSymbol market, Timeframe tf, long from, long toExclusive) {
        List<String> partitions = reads.liquidationPartitions(market, from, toExclusive);
        Map<String, Long> maxSeqs = reads.maxSeqs(partitions);
        Map<Long, double[]> out = new HashMap<>();
        for (String p : partitions) {
            Key key = new Key(p, market, tf);
            long upTo = maxSeqs.getOrDefault(p, 0L);
            Entry e = entries.getIfPresent(key);
            if (e == null || e.seq() != upTo) {
                // a lower seq than cached: not the same partition any more (another lineage); start over
                e = e == null || e.seq() > upTo ? grown(new Entry(0, Map.of()), reads, p, market, tf, upTo)
                        : grown(e, reads, p, market, tf, upTo);
                entries.put(key, e);
            }
            e.byOpen().forEach((open, v) -> {
                if (open >= from && open < toExclusive) {
                    out.put(open, v);
                }
            });
        }
        return out;
    }

    private static Entry grown(Entry e, ContextReads reads, String partition, MarketSymbol market, Timeframe tf, long upTo) {
        Map<Long, double[]> byOpen = new HashMap<>();
        e.byOpen().forEach((open, v) -> byOpen.put(open, v.clone()));
        for (ContextReads.LiquidationSum s : reads.liquidationSums(partition, market, tf, e.seq(), upTo)) {
            double[] v = byOpen.computeIfAbsent(s.open(), k -> new double[4]);
            int side = s.longSide() ? 0 : 1;
            v[side] += s.qty();
            v[side + 2] += s.notional();
        }
        return new Entry(upTo, Map.copyOf(byOpen));
    }

    public void clear() {
        entries.invalidateAll();
    }
}
