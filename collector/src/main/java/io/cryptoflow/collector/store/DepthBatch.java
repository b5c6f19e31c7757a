package io.cryptoflow.collector.store;

import java.util.List;

/**
 * Heatmap rows of one exchange's markets and the ranges in which their books were known right,
 * written in one transaction with one revision.
 *
 * @param exchange stored exchange name, e.g. {@code BINANCE}
 */
public record DepthBatch(String exchange, List<DepthRow> rows, List<Coverage> coverage) {

    public DepthBatch {
        rows = List.copyOf(rows);
        coverage = List.copyOf(coverage);
    }

    /** {@code symbol}'s book was known right over {@code [from, to]} (ms); a range is keyed by its {@code from}. */
    public record Coverage(String symbol, long from, long to) {
        public Coverage {
            if (to < from) {
                throw new IllegalArgumentException("coverage ends before it begins: " + from + ".." + to);
            }
        }
    }
}
