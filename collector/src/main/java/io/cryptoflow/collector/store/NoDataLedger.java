package io.cryptoflow.collector.store;

import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.Timeframe;
import java.util.List;

/**
 * Ranges an exchange has answered with no candles (before listing, outages), so gap repair does
 * not ask for them again on every pass. Collector-only bookkeeping: never replicated as data.
 */
public interface NoDataLedger {

    /** Known empty ranges as {@code [from, to]} open-time pairs. */
    List<long[]> known(MarketSymbol market, Timeframe tf);

    void remember(MarketSymbol market, Timeframe tf, long from, long to) throws InterruptedException;

    /** Forgets every remembered range (operator re-check). */
    void forgetAll() throws InterruptedException;
}
