package io.cryptoflow.api.api;

import java.util.List;

/**
 * {@code GET /api/funding}: settled funding events oldest first; {@code markPrice} is null where the
 * exchange gives none (Bybit, Bitget); a spot market has none. {@code hasMore} as in
 * {@link OpenInterestSeries}.
 */
public record FundingSeries(String exchange, String symbol, List<Event> funding, boolean hasMore) {

    public record Event(long time, double rate, Double markPrice) {
    }
}
