package io.cryptoflow.api.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * {@code GET /api/funding}: settled funding events oldest first; {@code markPrice} is null where the
 * exchange gives none (Bybit, Bitget); a spot market has none. {@code hasMore} as in
 * {@link OpenInterestSeries}, and so is {@code collecting}.
 */
public record FundingSeries(String exchange, String symbol, List<Event> funding, boolean hasMore,
                            @JsonInclude(JsonInclude.Include.NON_NULL) Boolean collecting) {

    public record Event(long time, double rate, Double markPrice) {
    }
}
