package io.cryptoflow.api.core;

import io.cryptoflow.common.MarketSymbol;

/**
 * A read of a time series (open interest, funding): one market, times in [from, to] (epoch ms, both
 * optional), the newest {@code limit} of them. Bad input is a {@link BadParameterException} naming the
 * parameter.
 */
public record SeriesQuery(MarketSymbol market, long from, long to, int limit) {

    public static final int DEFAULT_LIMIT = 1000;
    public static final int MAX_LIMIT = 5000;

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
