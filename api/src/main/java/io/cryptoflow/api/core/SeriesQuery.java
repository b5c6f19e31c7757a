package io.cryptoflow.api.core;

import io.cryptoflow.common.MarketSymbol;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * A read of a time series (open interest, funding): one market, times in [from, to] (epoch ms, both
 * optional), the newest {@code limit} of them. Bad input is a {@link BadParameterException} naming the
 * parameter.
 */
public record SeriesQuery(MarketSymbol market, long from, long to, int limit) {

    public static final int DEFAULT_LIMIT = 1000;
    public static final int MAX_LIMIT = 5000;

    /** The rows of one answer, oldest first, and whether older ones exist in the range. */
    public record Page<T>(List<T> rows, boolean hasMore) {
    }

    /**
     * Runs {@code newest} (the newest rows of the range, newest first, at most the given count) for one
     * row more than the limit, which tells whether there is more.
     */
    public <T> Page<T> page(Function<Integer, List<T>> newest) {
        List<T> rows = new ArrayList<>(newest.apply(limit + 1));
        boolean more = rows.size() > limit;
        List<T> page = more ? rows.subList(0, limit) : rows;
        Collections.reverse(page);
        return new Page<>(List.copyOf(page), more);
    }

    public static SeriesQuery parse(String exchange, String symbol, String from, String to, String limit) {
        MarketSymbol market = RequestParams.market(exchange, symbol);
        Long start = RequestParams.epochMillis("from", from);
        Long end = RequestParams.epochMillis("to", to);
        if (start != null && end != null && start > end) {
            throw new BadParameterException("from", "must not be after to (" + start + " > " + end + ")");
        }
        return new SeriesQuery(market, start == null ? 0 : start, end == null ? Long.MAX_VALUE : end,
                RequestParams.limit(limit, DEFAULT_LIMIT, MAX_LIMIT));
    }
}
