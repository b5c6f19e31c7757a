package io.cryptoflow.collector.sources.klines;

import io.cryptoflow.common.Timeframe;
import java.util.Map;

/**
 * How many days back each timeframe's window reaches: {@code byTimeframe} where it names the
 * timeframe, else {@code defaultDays}. Finer timeframes usually keep less (a month of 1m candles is
 * 43,200 rows per symbol, as many as 1.2 years of 15m).
 */
public record HistoryWindows(int defaultDays, Map<Timeframe, Integer> byTimeframe) {

    public HistoryWindows {
        byTimeframe = Map.copyOf(byTimeframe);
    }

    /** The same window for every timeframe. */
    public static HistoryWindows uniform(int days) {
        return new HistoryWindows(days, Map.of());
    }

    public int days(Timeframe tf) {
        return byTimeframe.getOrDefault(tf, defaultDays);
    }
}
