package io.cryptoflow.api.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * {@code GET /api/open-interest}: samples oldest first; {@code value} is null where the exchange gives
 * none (Bybit, Bitget); a spot market or a time before collection has no samples (never 0).
 * {@code hasMore}: older samples exist before the first one in the asked range. {@code collecting}: true
 * on the empty answer for a configured market none of whose samples reached api.db yet (absent otherwise).
 */
public record OpenInterestSeries(String exchange, String symbol, List<Point> openInterest, boolean hasMore,
                                 @JsonInclude(JsonInclude.Include.NON_NULL) Boolean collecting) {

    public record Point(long time, double oi, Double value) {
    }
}
