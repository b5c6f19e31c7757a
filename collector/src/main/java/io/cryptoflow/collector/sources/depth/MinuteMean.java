package io.cryptoflow.collector.sources.depth;

import java.util.Map;
import java.util.TreeMap;

/**
 * The coarse tier of one market: the mean of the minute's second heatmaps per absolute bin (a bin
 * a second did not reach counts as 0 for that second), over the seconds known ({@code samples}).
 * A step change within the minute (configuration reload) starts the mean over.
 */
final class MinuteMean {

    private static final long MINUTE_MS = 60_000;

    private long minute = Long.MIN_VALUE;
    private long step;
    private int samples;
    private final TreeMap<Long, Double> bids = new TreeMap<>();
    private final TreeMap<Long, Double> asks = new TreeMap<>();

    /**
     * Adds the second heatmap taken at {@code time}; returns the finished previous minute's mean when
     * {@code time} starts a new minute, else null.
     */
    Finished add(long time, Heatmap h) {
        long m = Math.floorDiv(time, MINUTE_MS) * MINUTE_MS;
        Finished done = m != minute && samples > 0 ? finish() : null;
        if (m != minute || h.step() != step) {
            clear(m, h.step());
        }
        for (int i = 0; i < h.bids().length; i++) {
            bids.merge(h.bidBin() - i, (double) h.bids()[i], Double::sum);
        }
        for (int i = 0; i < h.asks().length; i++) {
            asks.merge(h.askBin() + i, (double) h.asks()[i], Double::sum);
        }
        samples++;
        return done;
    }

    /** The minute being averaged, finished now (nothing when no second was added). */
    Finished flush() {
        Finished done = samples > 0 ? finish() : null;
        clear(Long.MIN_VALUE, 0);
        return done;
    }

    private Finished finish() {
        long bidBin = bids.lastKey();
        long askBin = asks.firstKey();
        float[] b = new float[(int) (bidBin - bids.firstKey() + 1)];
        float[] a = new float[(int) (asks.lastKey() - askBin + 1)];
        for (Map.Entry<Long, Double> e : bids.entrySet()) {
            b[(int) (bidBin - e.getKey())] = (float) (e.getValue() / samples);
        }
        for (Map.Entry<Long, Double> e : asks.entrySet()) {
            a[(int) (e.getKey() - askBin)] = (float) (e.getValue() / samples);
        }
        return new Finished(minute, samples, new Heatmap(step, bidBin, askBin, b, a));
    }

    private void clear(long m, long s) {
        minute = m;
        step = s;
        samples = 0;
        bids.clear();
        asks.clear();
    }

    /** A minute's mean heatmap over {@code samples} seconds. */
    record Finished(long minute, int samples, Heatmap heatmap) {
    }
}
