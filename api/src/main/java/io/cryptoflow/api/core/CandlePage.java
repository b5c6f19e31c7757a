package io.cryptoflow.api.core;

import java.util.List;

/**
 * The {@code /api/candles} answer (the old tool's shape).
 *
 * @param oldestTime time of the first (oldest) candle, null when there are none; pass it as
 *                   {@code before} to load the previous page
 * @param hasMore    true when older candles exist inside the requested range
 */
public record CandlePage(
        List<CandleJson> candles,
        String exchange,
        String symbol,
        Long oldestTime,
        boolean hasMore) {
}
