package io.cryptoflow.api.core;

import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.Timeframe;

/**
 * One candle page request, already validated.
 *
 * @param before exclusive upper bound on open time (scroll-back), null for none
 * @param from   inclusive lower bound on open time, null for none
 * @param to     inclusive upper bound on open time, null for none
 */
public record CandleQuery(MarketSymbol market, Timeframe tf, int limit, Long before, Long from, Long to) {

    public static final int DEFAULT_LIMIT = 1000;
    public static final int MAX_LIMIT = 5000;

    public CandleQuery {
        if (from != null && to != null && from > to) {
            throw new BadParameterException("from", "must be <= to (got from=" + from + ", to=" + to + ")");
        }
    }

    public static CandleQuery latest(MarketSymbol market, Timeframe tf, int limit) {
        return new CandleQuery(market, tf, limit, null, null, null);
    }

    public long fromInclusive() {
        return from == null ? Long.MIN_VALUE : from;
    }

    public long toExclusive() {
        long end = to == null || to == Long.MAX_VALUE ? Long.MAX_VALUE : to + 1;
        return before == null ? end : Math.min(end, before);
    }

    /** A range entirely in the past of the newest candle can be cached by clients. */
    public boolean isBounded() {
        return before != null || to != null;
    }
}
