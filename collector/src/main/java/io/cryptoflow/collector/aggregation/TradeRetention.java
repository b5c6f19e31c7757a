package io.cryptoflow.collector.aggregation;

import java.util.Map;

/**
 * How many days of raw trades each exchange keeps ({@code exchanges.<type>.orderFlow.tradeRetentionDays};
 * 0 = none). A day's partition is kept while it holds a trade younger than the retention, so an
 * exchange keeping {@code N} days holds at least {@code N × 24 h} and at most {@code N + 1} partitions.
 *
 * @param days retention per stored exchange name ({@code BINANCE}); an exchange not listed keeps none
 */
public record TradeRetention(Map<String, Integer> days) {

    private static final long DAY_MS = 86_400_000L;

    public TradeRetention {
        days = Map.copyOf(days);
    }

    public boolean keeps(String exchange) {
        return days.getOrDefault(exchange, 0) > 0;
    }

    /** 00:00 UTC (ms) of the oldest day {@code exchange} keeps at {@code now}; {@code Long.MAX_VALUE} when it keeps none. */
    public long keepFrom(String exchange, long now) {
        int n = days.getOrDefault(exchange, 0);
        if (n <= 0) {
            return Long.MAX_VALUE;
        }
        // the partition's day start, by arithmetic: this runs for every trade recorded
        return Math.floorDiv(now - n * DAY_MS, DAY_MS) * DAY_MS;
    }
}
