package io.cryptoflow.collector.store;

import io.cryptoflow.common.MarketSymbol;
import java.util.Optional;

/** Where each market's stored trades end ({@link StoredTrades}; a map in tests). */
@FunctionalInterface
public interface TradeTails {

    /** Nothing stored (a first start, or order flow without raw trades). */
    TradeTails NONE = (market, notBefore, recentMs) -> Optional.empty();

    /**
     * The newest stored trade of {@code market} at or after {@code notBefore} with the stored trades
     * of the {@code recentMs} before it; empty when there is none.
     */
    Optional<TradeTail> tail(MarketSymbol market, long notBefore, long recentMs);
}
