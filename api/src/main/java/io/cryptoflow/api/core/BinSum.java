package io.cryptoflow.api.core;

import java.util.Arrays;

/**
 * Sums of size per absolute price bin for one side of one time step: a dense array over the bins
 * touched so far, grown at either end, so adding a snapshot costs one pass over its bins.
 */
final class BinSum {

    private double[] sums = new double[0];
    private long low;
    private long high = Long.MIN_VALUE;

    void add(long bin, double value) {
        if (high == Long.MIN_VALUE) {
            if (sums.length == 0) {
                sums = new double[64];
            } else {
                Arrays.fill(sums, 0);
            }
            low = bin;
            high = bin;
        } else if (bin < low || bin > high) {
            grow(Math.min(low, bin), Math.max(high, bin));
        }
        sums[(int) (bin - low)] += value;
    }

    private void grow(long newLow, long newHigh) {
        int span = (int) (newHigh - newLow + 1);
        int used = (int) (high - low + 1);
        int shift = (int) (low - newLow);
        if (span > sums.length) {
            double[] next = new double[Math.max(span, sums.length * 2)];
            System.arraycopy(sums, 0, next, shift, used);
            sums = next;
        } else if (shift > 0) {
            System.arraycopy(sums, 0, sums, shift, used);
            Arrays.fill(sums, 0, shift, 0);
        }
        low = newLow;
        high = newHigh;
    }

    /** Bin {@code from} and the bins below it down to the lowest touched, each divided by {@code weight}. */
    float[] downFrom(long from, double weight) {
        if (high == Long.MIN_VALUE || from < low) {
            return new float[0];
        }
        float[] out = new float[(int) (from - low + 1)];
        for (int i = 0; i < out.length; i++) {
            long bin = from - i;
            out[i] = bin > high ? 0f : (float) (sums[(int) (bin - low)] / weight);
        }
        return out;
    }

    /** Bin {@code from} and the bins above it up to the highest touched, each divided by {@code weight}. */
    float[] upFrom(long from, double weight) {
        if (high == Long.MIN_VALUE || from > high) {
            return new float[0];
        }
        float[] out = new float[(int) (high - from + 1)];
        for (int i = 0; i < out.length; i++) {
            long bin = from + i;
            out[i] = bin < low ? 0f : (float) (sums[(int) (bin - low)] / weight);
        }
        return out;
    }

    void clear() {
        high = Long.MIN_VALUE;
    }
}
