package io.cryptoflow.collector.store;

import io.cryptoflow.common.MarketSymbol;
import java.util.List;

/**
 * Liquidation events of one market and the range its stream was connected, written in one
 * transaction with one revision.
 *
 * @param coverage null when this batch extends no connected range (events only)
 */
public record LiquidationBatch(MarketSymbol market, List<LiquidationRow> events, Coverage coverage) {

    public LiquidationBatch {
        events = List.copyOf(events);
    }

    /** The stream was connected over {@code [from, to]} (ms); a range is keyed by its {@code from}. */
    public record Coverage(long from, long to) {
        public Coverage {
            if (to < from) {
                throw new IllegalArgumentException("coverage ends before it begins: " + from + ".." + to);
            }
        }
    }
}
