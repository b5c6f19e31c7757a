package io.cryptoflow.collector.store;

import io.cryptoflow.common.Timeframe;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What a purge deleted. {@code rev} is the revision of its transaction (0 when it deleted no
 * candle or session, which costs no revision); every deleted row has one tombstone with that rev.
 * {@code noDataRanges} counts the collector-only gap-repair entries forgotten for the symbol.
 */
public record PurgeResult(long rev, Map<Timeframe, Integer> candles, int sessions, int noDataRanges) {

    public PurgeResult {
        candles = Collections.unmodifiableMap(new EnumMap<>(candles));
    }

    public int candleRows() {
        return candles.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Rows deleted from replicated tables, i.e. tombstones written. */
    public int deletedRows() {
        return candleRows() + sessions;
    }
}
