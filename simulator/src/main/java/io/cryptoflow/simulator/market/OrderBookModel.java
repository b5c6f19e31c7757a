package io.cryptoflow.simulator.market;

import java.util.Collections;
import java.util.TreeMap;

/**
 * The TRUE order book of one market as a pure function of time: the book changes every
 * {@link #STEP_MS} (a "step"); its price levels lie on a fixed grid of {@link #levelSpacingUnits()}
 * price units around the tape's mid ({@link #LEVELS_PER_SIDE} grid slots per side, best bid just
 * below the mid, best ask the next slot up, never crossed), and each slot's resting size is a hash of
 * (price, epoch) whose epoch length differs per price, so a few levels change on every step and a
 * price that crosses the mid keeps its size but changes side. No state: any instant can be asked.
 */
public final class OrderBookModel {

    /** The book changes at most once per this many ms (on multiples of it). */
    public static final long STEP_MS = 100;
    /** Grid slots per side, occupied or not; the deepest snapshot (Binance limit 1000) holds them all. */
    public static final int LEVELS_PER_SIDE = 100;
    /** Share of slots that hold an order, in percent. */
    private static final int OCCUPIED_PERCENT = 85;

    private final TradeTape tape;
    private final long seed;
    private final long spacing;

    public OrderBookModel(TradeTape tape) {
        this.tape = tape;
        this.seed = Hashing.mix(tape.seed(), Hashing.of("order-book"));
        this.spacing = niceSpacing(tape.spec());
    }

    public TradeTape tape() {
        return tape;
    }

    /** The step holding {@code timeMs}: the book at any instant is the book of its step. */
    public static long stepOf(long timeMs) {
        return Math.floorDiv(timeMs, STEP_MS);
    }

    /** Distance between two price levels of the book, in price units (1, 2 or 5 × 10^k, about 1 bp of the base price). */
    public long levelSpacingUnits() {
        return spacing;
    }

    /**
     * The market's book update id after {@code step} (Binance {@code lastUpdateId}/{@code u}, Bybit
     * {@code seq}, Bitget {@code seq}): increasing with gaps, like the exchanges' engine-wide ids.
     */
    public long updateIdAfter(long step) {
        return step * 10 + Math.floorMod(seed, 1_000_000_000L);
    }

    /** The first update id of the changes after {@code step} (Binance {@code U}): past {@code updateIdAfter(step)}, with a gap. */
    public long firstUpdateIdAfter(long step) {
        return updateIdAfter(step) + 1 + Math.floorMod(Hashing.mix(seed, step), 5);
    }

    /** The true book at {@code timeMs} (the state of its step). */
    public OrderBook bookAt(long timeMs) {
        return bookOfStep(stepOf(timeMs));
    }

    public OrderBook bookOfStep(long step) {
        long time = step * STEP_MS;
        long midUnits = Math.round(tape.midAt(time) * Math.pow(10, tape.spec().priceScale()));
        long bestBid = Math.floorDiv(midUnits, spacing) * spacing;
        TreeMap<Long, Long> bids = new TreeMap<>(Collections.reverseOrder());
        TreeMap<Long, Long> asks = new TreeMap<>();
        for (int k = 0; k < LEVELS_PER_SIDE; k++) {
            put(bids, bestBid - k * spacing, step);
            put(asks, bestBid + (k + 1) * spacing, step);
        }
        return new OrderBook(tape.spec(), time, step, bids, asks);
    }

    private void put(TreeMap<Long, Long> side, long price, long step) {
        if (price <= 0) {
            return;
        }
        long size = sizeAt(price, step);
        if (size > 0) {
            side.put(price, size);
        }
    }

    /** Resting size (quantity units) at {@code price} during {@code step}; 0 = no order there. */
    long sizeAt(long price, long step) {
        long h = Hashing.mix(seed, price);
        long period = 5 + Math.floorMod(h, 60);              // 0.5 s .. 6.4 s between changes of this level
        long phase = Math.floorMod(h >>> 16, period);
        long epoch = Math.floorDiv(step + phase, period);
        long v = Hashing.mix(h, epoch);
        if (Math.floorMod(v, 100) >= OCCUPIED_PERCENT) {
            return 0;
        }
        return tape.spec().typicalQtyUnits() * (1 + Math.floorMod(v >>> 8, 40));
    }

    private static long niceSpacing(SymbolSpec spec) {
        double raw = spec.basePrice() * 1e-4 * Math.pow(10, spec.priceScale());
        long nice = 1;
        while (nice * 10 <= raw) {
            nice *= 10;
        }
        if (nice * 5 <= raw) {
            return nice * 5;
        }
        return nice * 2 <= raw ? nice * 2 : nice;
    }
}
