package io.cryptoflow.collector.sources.derivatives;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a stored series has holes: the ranges of [start, end] farther than {@code maxGap} from any
 * stored time (5 minutes for open interest, 8 hours for funding, whose events may come more often on
 * some markets but never less). Pure: the repair asks the exchange for exactly these ranges.
 */
final class SeriesGaps {

    /** A closed range of times to ask for. */
    record Range(long from, long to) {
    }

    private SeriesGaps() {
    }

    /** @param stored stored times in [start, end], ascending */
    static List<Range> holes(List<Long> stored, long start, long end, long maxGap) {
        List<Range> holes = new ArrayList<>();
        long previous = start - 1;
        for (long t : stored) {
            if (t - previous > maxGap) {
                holes.add(new Range(previous + 1, t - 1));
            }
            previous = Math.max(previous, t);
        }
        if (end - previous >= maxGap) {
            holes.add(new Range(previous + 1, end));
        }
        return holes;
    }

    /** {@code range} cut into spans of at most {@code span + 1} ms, oldest first. */
    static List<Range> pages(Range range, long span) {
        List<Range> pages = new ArrayList<>();
        for (long from = range.from(); from <= range.to(); ) {
            long to = span >= range.to() - from ? range.to() : from + span;
            pages.add(new Range(from, to));
            if (to == Long.MAX_VALUE) {
                break;
            }
            from = to + 1;
        }
        return pages;
    }
}
