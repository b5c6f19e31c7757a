package io.cryptoflow.collector.sources.klines;

import io.cryptoflow.common.Timeframe;
import java.util.ArrayList;
import java.util.List;

/** Computes which candles of a window are missing, from the sorted open times already stored. */
public final class GapFinder {

    private GapFinder() {
    }

    /**
     * @param storedTimes ascending open times stored inside the window
     * @param window      the whole wanted window, aligned
     * @param known       ranges known to have no data at the exchange (skipped), any order
     */
    public static List<TimeRange> missing(Timeframe tf, List<Long> storedTimes, TimeRange window, List<TimeRange> known) {
        long step = tf.millis();
        List<TimeRange> gaps = new ArrayList<>();
        long expected = window.from();
        for (long t : storedTimes) {
            if (t < expected) {
                continue;
            }
            if (t > window.to()) {
                break;
            }
            if (t > expected) {
                gaps.add(new TimeRange(expected, t - step));
            }
            expected = t + step;
        }
        if (expected <= window.to()) {
            gaps.add(new TimeRange(expected, window.to()));
        }
        return subtract(tf, gaps, known);
    }

    static List<TimeRange> subtract(Timeframe tf, List<TimeRange> gaps, List<TimeRange> known) {
        long step = tf.millis();
        List<TimeRange> result = gaps;
        for (TimeRange k : known) {
            List<TimeRange> next = new ArrayList<>();
            for (TimeRange g : result) {
                if (k.to() < g.from() || k.from() > g.to()) {
                    next.add(g);
                    continue;
                }
                if (k.from() > g.from() && k.from() - step >= g.from()) {
                    next.add(new TimeRange(g.from(), k.from() - step));
                }
                if (k.to() < g.to() && k.to() + step <= g.to()) {
                    next.add(new TimeRange(k.to() + step, g.to()));
                }
            }
            result = next;
        }
        return result;
    }

    public static long size(Timeframe tf, List<TimeRange> ranges) {
        return ranges.stream().mapToLong(r -> r.candles(tf)).sum();
    }
}
