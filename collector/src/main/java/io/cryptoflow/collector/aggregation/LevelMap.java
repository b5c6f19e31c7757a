package io.cryptoflow.collector.aggregation;

import java.util.Arrays;

/**
 * Buy/sell base volume per price level index ({@code floor(price / tick)}), an open-addressing
 * map of primitives so adding a trade allocates nothing.
 */
final class LevelMap {

    private static final long EMPTY = Long.MIN_VALUE;

    private long[] keys;
    private double[] buy;
    private double[] sell;
    private int size;

    LevelMap() {
        allocate(16);
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        Arrays.fill(keys, EMPTY);
        buy = new double[capacity];
        sell = new double[capacity];
        size = 0;
    }

    void add(long level, double qty, boolean takerBuy) {
        int i = slot(level);
        if (keys[i] == EMPTY) {
            keys[i] = level;
            size++;
            if (size * 4 > keys.length * 3) {
                grow();
                i = slot(level);
            }
        }
        if (takerBuy) {
            buy[i] += qty;
        } else {
            sell[i] += qty;
        }
    }

    private int slot(long level) {
        int mask = keys.length - 1;
        int i = (int) (mix(level) & mask);
        while (keys[i] != EMPTY && keys[i] != level) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private static long mix(long x) {
        x *= 0x9E3779B97F4A7C15L;
        return x ^ (x >>> 29);
    }

    private void grow() {
        long[] oldKeys = keys;
        double[] oldBuy = buy;
        double[] oldSell = sell;
        allocate(oldKeys.length * 2);
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != EMPTY) {
                int i = slot(oldKeys[j]);
                keys[i] = oldKeys[j];
                buy[i] = oldBuy[j];
                sell[i] = oldSell[j];
                size++;
            }
        }
    }

    int size() {
        return size;
    }

    /** Level indexes in ascending order with their buy and sell volume. */
    Levels sorted() {
        long[] idx = new long[size];
        int n = 0;
        for (long k : keys) {
            if (k != EMPTY) {
                idx[n++] = k;
            }
        }
        Arrays.sort(idx);
        double[] b = new double[size];
        double[] s = new double[size];
        for (int j = 0; j < size; j++) {
            int i = slot(idx[j]);
            b[j] = buy[i];
            s[j] = sell[i];
        }
        return new Levels(idx, b, s);
    }

    record Levels(long[] index, double[] buy, double[] sell) {
        int size() {
            return index.length;
        }
    }
}
