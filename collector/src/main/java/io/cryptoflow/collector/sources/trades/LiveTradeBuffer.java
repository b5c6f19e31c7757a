package io.cryptoflow.collector.sources.trades;

import io.cryptoflow.collector.exchange.Trade;

/**
 * The live trades one sequencer holds while it catches up over REST, first in first out, in
 * parallel primitive arrays: 33 bytes a trade instead of 52 for a {@link Trade} object and its
 * queue slot (a burst of 3,300 trades/s on 17 tapes buffers a million of them; measured in
 * docs/benchmarks.md "Collector memory"). Grows by doubling up to what it is asked to hold and
 * shrinks back once emptied, so an idle sequencer keeps a few KB.
 */
final class LiveTradeBuffer {

    private static final int INITIAL = 64;

    private long[] ids = new long[INITIAL];
    private long[] prices = new long[INITIAL];
    private double[] qtys = new double[INITIAL];
    private long[] times = new long[INITIAL];
    private boolean[] takerBuys = new boolean[INITIAL];
    private int head;
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void add(Trade t) {
        if (size == ids.length) {
            resize(ids.length * 2);
        }
        int i = (head + size) % ids.length;
        ids[i] = t.id();
        prices[i] = t.price();
        qtys[i] = t.qty();
        times[i] = t.time();
        takerBuys[i] = t.takerBuy();
        size++;
    }

    /** The oldest trade, or null when empty. */
    Trade peekFirst() {
        return size == 0 ? null : new Trade(ids[head], prices[head], qtys[head], takerBuys[head], times[head]);
    }

    /** Removes and returns the oldest trade, or null when empty. */
    Trade pollFirst() {
        Trade first = peekFirst();
        if (first != null) {
            head = (head + 1) % ids.length;
            if (--size == 0) {
                clear();
            }
        }
        return first;
    }

    void clear() {
        head = 0;
        size = 0;
        if (ids.length > INITIAL) {
            resize(INITIAL);
        }
    }

    private void resize(int capacity) {
        long[] newIds = new long[capacity];
        long[] newPrices = new long[capacity];
        double[] newQtys = new double[capacity];
        long[] newTimes = new long[capacity];
        boolean[] newTakerBuys = new boolean[capacity];
        for (int k = 0; k < size; k++) {
            int i = (head + k) % ids.length;
            newIds[k] = ids[i];
            newPrices[k] = prices[i];
            newQtys[k] = qtys[i];
            newTimes[k] = times[i];
            newTakerBuys[k] = takerBuys[i];
        }
        ids = newIds;
        prices = newPrices;
        qtys = newQtys;
        times = newTimes;
        takerBuys = newTakerBuys;
        head = 0;
    }
}
