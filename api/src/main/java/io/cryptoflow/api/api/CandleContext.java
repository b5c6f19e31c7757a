package io.cryptoflow.api.api;

import io.cryptoflow.api.render.JsonBytes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-candle market context of one candle page, as the JSON members each candle object gets
 * after its own ({@code ,"liqLongQty":...,"fundingEvents":[...]}): liquidations, open interest and
 * funding. Kept apart from the candle's rendered JSON because it changes without the candle's
 * revision changing (a new liquidation event, coverage growing, an open interest sample arriving):
 * the render cache stays keyed by the candle's {@code rev}, and {@link #hash()} (a hash of every
 * fragment) goes into the page's content tag, so the page cache and the ETag follow these data too.
 * Unknown is {@code null}, never 0.
 */
public final class CandleContext {

    /** The members, in order; every candle gets all of them. */
    public static final List<String> FIELDS = List.of("liqLongQty", "liqShortQty", "liqLongNotional",
            "liqShortNotional", "openInterest", "openInterestValue", "fundingRate", "fundingEvents");

    /** One settled funding event: its time (ms) and the rate settled then. */
    public record FundingEvent(long time, double rate) {
    }

    /** One candle's values; null = not known. */
    public record Values(Double liqLongQty, Double liqShortQty, Double liqLongNotional, Double liqShortNotional,
                         Double openInterest, Double openInterestValue, Double fundingRate,
                         List<FundingEvent> fundingEvents) {
    }

    private static final byte[] UNKNOWN = render(new Values(null, null, null, null, null, null, null, null));

    /** A market with none of the series (spot): every field null on every candle. */
    public static final CandleContext NONE = new CandleContext(Map.of());

    private final Map<Long, byte[]> byOpen;
    private final long hash;

    private CandleContext(Map<Long, byte[]> byOpen) {
        this.byOpen = byOpen;
        // a sum of each candle's mixed hash: the same fragments give the same hash in any map order,
        // without sorting the page's candles first (a TreeMap copy per page)
        long h = byOpen.size();
        for (Map.Entry<Long, byte[]> e : byOpen.entrySet()) {
            long c = mix(0xcbf29ce484222325L, e.getKey());
            for (byte b : e.getValue()) {
                c = (c ^ (b & 0xff)) * 0x100000001b3L;
            }
            h += avalanche(c);
        }
        this.hash = h;
    }

    /** MurmurHash3's 64-bit finalizer: every input bit moves every output bit, so sums do not cancel. */
    private static long avalanche(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb93fe53a87ebL;
        return k ^ (k >>> 33);
    }

    /** @param byOpen each candle's values by its open time; a candle missing here gets all nulls */
    public static CandleContext of(Map<Long, Values> byOpen) {
        Map<Long, byte[]> rendered = new HashMap<>(byOpen.size() * 2);
        byOpen.forEach((open, v) -> rendered.put(open, render(v)));
        return new CandleContext(rendered);
    }

    /**
     * From fragments {@link #fragments()} gave (kept by {@code core/KnownContexts}): the same
     * fragments make the same hash, so a page assembled from memory has the tag its rows would give.
     */
    public static CandleContext ofFragments(Map<Long, byte[]> byOpen) {
        return new CandleContext(Map.copyOf(byOpen));
    }

    /** Each candle's rendered members by open time (read only). */
    public Map<Long, byte[]> fragments() {
        return java.util.Collections.unmodifiableMap(byOpen);
    }

    /** The members to insert before the closing brace of the candle that opened at {@code open}. */
    public byte[] fragment(long open) {
        // no boxed key for a market without context (twice per candle per page)
        return byOpen.isEmpty() ? UNKNOWN : byOpen.getOrDefault(open, UNKNOWN);
    }

    /** Changes whenever any served value changes (part of the page's content tag). */
    public long hash() {
        return hash;
    }

    /** Heap held, roughly. */
    public long heapBytes() {
        long n = 64;
        for (byte[] b : byOpen.values()) {
            n += b.length + 48L;
        }
        return n;
    }

    private static byte[] render(Values v) {
        JsonBytes out = new JsonBytes(192);
        Double[] numbers = {v.liqLongQty(), v.liqShortQty(), v.liqLongNotional(), v.liqShortNotional(),
                v.openInterest(), v.openInterestValue(), v.fundingRate()};
        for (int i = 0; i < numbers.length; i++) {
            out.ascii(",\"").ascii(FIELDS.get(i)).ascii("\":");
            if (numbers[i] == null) {
                out.ascii("null");
            } else {
                out.number(numbers[i].doubleValue());
            }
        }
        out.ascii(",\"fundingEvents\":");
        if (v.fundingEvents() == null) {
            out.ascii("null");
        } else {
            String sep = "[";
            for (FundingEvent e : v.fundingEvents()) {
                out.ascii(sep).ascii("{\"time\":").number(e.time()).ascii(",\"rate\":").number(e.rate()).ascii("}");
                sep = ",";
            }
            out.ascii(v.fundingEvents().isEmpty() ? "[]" : "]");
        }
        return out.toByteArray();
    }

    private static long mix(long h, long v) {
        for (int i = 0; i < 8; i++) {
            h = (h ^ ((v >>> (i * 8)) & 0xff)) * 0x100000001b3L;
        }
        return h;
    }
}
