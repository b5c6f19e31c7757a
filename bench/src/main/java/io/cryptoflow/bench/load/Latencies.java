package io.cryptoflow.bench.load;

import java.util.Arrays;

/** Collected latencies (nanoseconds or milliseconds, caller's unit) with exact percentiles. */
public final class Latencies {

    private long[] values = new long[1024];
    private int size;

    public synchronized void add(long value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = value;
    }

    public synchronized void addAll(Latencies other) {
        long[] o;
        int n;
        synchronized (other) {
            o = other.values;
            n = other.size;
        }
        for (int i = 0; i < n; i++) {
            add(o[i]);
        }
    }

    public synchronized int count() {
        return size;
    }

    /** Nearest-rank percentile; NaN when empty. */
    public synchronized double percentile(double p) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * size);
        return sorted[Math.max(0, Math.min(size - 1, rank - 1))];
    }

    public synchronized double max() {
        return size == 0 ? Double.NaN : Arrays.stream(values, 0, size).max().orElse(0);
    }
}
