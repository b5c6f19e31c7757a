package io.cryptoflow.api.core;

import io.cryptoflow.common.MarketSymbol;

/**
 * One {@code /api/trades} request, validated: trades of {@code market} with {@code from <= time <= to}
 * (ms), after {@code cursor} when given, at most {@code limit}.
 */
public record TradeQuery(MarketSymbol market, long from, long to, int limit, TradeCursor cursor, boolean csv) {

    public static final int DEFAULT_LIMIT = 1_000;
    /** A whole busy market-day (1-3 M trades) fits one streamed answer. */
    public static final int MAX_LIMIT = 5_000_000;

    public static TradeQuery of(String exchange, String symbol, String from, String to, String limit, String cursor,
                                String format, long now) {
        MarketSymbol market = RequestParams.market(exchange, symbol);
        Long f = RequestParams.epochMillis("from", from);
        Long t = RequestParams.epochMillis("to", to);
        long toMs = t == null ? now : t;
        long fromMs = f == null ? 0 : f;
        if (fromMs > toMs) {
            throw new BadParameterException("from", "must not be after to (" + fromMs + " > " + toMs + ")");
        }
        boolean csv;
        if (format == null || format.isBlank() || format.equalsIgnoreCase("json")) {
            csv = false;
        } else if (format.equalsIgnoreCase("csv")) {
            csv = true;
        } else {
            throw new BadParameterException("format", "must be json or csv, got '" + RequestParams.printable(format) + "'");
        }
        return new TradeQuery(market, fromMs, toMs, RequestParams.limit(limit, DEFAULT_LIMIT, MAX_LIMIT),
                TradeCursor.parse(cursor), csv);
    }

    /** The first (time, id) position served: the cursor's when it lies inside the range, else the range's start. */
    public long startTime() {
        return cursor == null ? from : Math.max(from, cursor.time());
    }

    /** Trades at {@link #startTime} with an id at most this are skipped (-1: none). */
    public long afterId() {
        return cursor != null && cursor.time() >= from ? cursor.id() : -1;
    }
}
