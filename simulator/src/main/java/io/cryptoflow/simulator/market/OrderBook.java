package io.cryptoflow.simulator.market;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * One state of an order book: bids (best = highest first) and asks (best = lowest first) as price
 * units → quantity units of {@code spec}; {@code timeMs} is the start of its {@code step}.
 */
public record OrderBook(SymbolSpec spec, long timeMs, long step, NavigableMap<Long, Long> bidUnits,
                        NavigableMap<Long, Long> askUnits) {

    public OrderBook {
        bidUnits = Collections.unmodifiableNavigableMap(bidUnits);
        askUnits = Collections.unmodifiableNavigableMap(askUnits);
    }

    /** Price → size, best (highest) bid first. */
    public NavigableMap<BigDecimal, BigDecimal> bids() {
        return decimals(bidUnits, Collections.reverseOrder());
    }

    /** Price → size, best (lowest) ask first. */
    public NavigableMap<BigDecimal, BigDecimal> asks() {
        return decimals(askUnits, null);
    }

    /** The best {@code depth} levels of each side (what a depth-limited stream or snapshot holds). */
    public OrderBook top(int depth) {
        return new OrderBook(spec, timeMs, step, first(bidUnits, depth), first(askUnits, depth));
    }

    /**
     * Resting size per price bin and side, as a heatmap stores it: a level at price p falls in the bin
     * starting at {@code floor(p / binWidth) * binWidth}; sizes of a bin are summed. Keys are bin starts.
     */
    public BinnedBook binned(BigDecimal binWidth) {
        if (binWidth.signum() <= 0) {
            throw new IllegalArgumentException("bin width must be > 0");
        }
        return new BinnedBook(bin(bids(), binWidth), bin(asks(), binWidth));
    }

    /**
     * Levels that differ from {@code previous}, per side, best first: the new size, or 0 for a level
     * that is gone (the absolute-quantity diff every exchange here sends).
     */
    public Changes changesSince(OrderBook previous) {
        return new Changes(changes(previous.bidUnits, bidUnits), changes(previous.askUnits, askUnits));
    }

    /** A diff: {@code [priceUnits, qtyUnits]} rows per side, best first; qty 0 removes the level. */
    public record Changes(List<long[]> bids, List<long[]> asks) {
        public boolean isEmpty() {
            return bids.isEmpty() && asks.isEmpty();
        }
    }

    /** A book binned by price; see {@link OrderBook#binned}. */
    public record BinnedBook(NavigableMap<BigDecimal, BigDecimal> bids, NavigableMap<BigDecimal, BigDecimal> asks) {
    }

    /** A side as {@code [priceUnits, qtyUnits]} rows in its order (best first). */
    public static List<long[]> rows(Map<Long, Long> side) {
        return side.entrySet().stream().map(e -> new long[] {e.getKey(), e.getValue()}).toList();
    }

    /** {@code [["price","qty"],...]} with plain decimal strings, as the exchanges send levels. */
    public static String levelsJson(SymbolSpec spec, List<long[]> rows) {
        StringBuilder out = new StringBuilder("[");
        for (long[] r : rows) {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append("[\"").append(spec.price(r[0]).toPlainString()).append("\",\"")
                    .append(spec.qty(r[1]).toPlainString()).append("\"]");
        }
        return out.append(']').toString();
    }

    private static List<long[]> changes(NavigableMap<Long, Long> before, NavigableMap<Long, Long> after) {
        TreeMap<Long, Long> merged = new TreeMap<>(after.comparator());
        before.keySet().forEach(p -> merged.put(p, 0L));
        merged.putAll(after);
        List<long[]> out = new ArrayList<>();
        merged.forEach((price, qty) -> {
            if (!qty.equals(before.get(price))) {
                out.add(new long[] {price, qty});
            }
        });
        return out;
    }

    private static NavigableMap<Long, Long> first(NavigableMap<Long, Long> side, int depth) {
        TreeMap<Long, Long> out = new TreeMap<>(side.comparator());
        for (Map.Entry<Long, Long> e : side.entrySet()) {
            if (out.size() >= depth) {
                break;
            }
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    private NavigableMap<BigDecimal, BigDecimal> decimals(NavigableMap<Long, Long> side,
                                                          java.util.Comparator<BigDecimal> order) {
        TreeMap<BigDecimal, BigDecimal> out = new TreeMap<>(order);
        side.forEach((p, q) -> out.put(spec.price(p), spec.qty(q)));
        return Collections.unmodifiableNavigableMap(out);
    }

    private static NavigableMap<BigDecimal, BigDecimal> bin(NavigableMap<BigDecimal, BigDecimal> side, BigDecimal width) {
        TreeMap<BigDecimal, BigDecimal> out = new TreeMap<>(side.comparator());
        side.forEach((price, qty) -> {
            BigDecimal start = price.divide(width, 0, RoundingMode.FLOOR).multiply(width);
            out.merge(start, qty, BigDecimal::add);
        });
        return Collections.unmodifiableNavigableMap(out);
    }
}
