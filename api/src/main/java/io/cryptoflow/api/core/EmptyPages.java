package io.cryptoflow.api.core;

import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.Timeframe;
import java.util.List;
import java.util.Optional;

/**
 * Why a candle page is empty, decided on the page's read transaction. A market the collector is
 * configured to collect is known before any of its candles reached api.db (a fresh stack's
 * backfill): its page is empty, not a 404. Only a market nobody configured and nothing stored
 * (a typo) is unknown.
 */
final class EmptyPages {

    private EmptyPages() {
    }

    /**
     * For an empty page: true ({@code "collecting":true} on the answer) when the collector is
     * configured for this market and timeframe and the replica holds no candle of that timeframe
     * yet, so the page fills in as the backfill is replicated; false when the range is merely empty.
     *
     * @throws UnknownSymbolException   when no collector configured the market and the replica holds
     *                                  no candle of it in any timeframe
     * @throws ReplicaNotReadyException when, besides, api.db holds no revision of the collector yet
     */
    static boolean collecting(CandleReads reads, MarketSymbol market, Timeframe tf) {
        Optional<List<Timeframe>> configured = reads.configuredTimeframes(market);
        if (configured.isEmpty()) {
            if (!hasAnyCandle(reads, market)) {
                if (beforeFirstRevision(reads.replicaStamp())) {
                    throw ReplicaNotReadyException.nothingCommitted();
                }
                throw new UnknownSymbolException(market);
            }
            return false;
        }
        return configured.get().contains(tf) && !reads.hasAny(tf, market);
    }

    /** From cf_replica's "source_rev:applied_at": true while api.db holds the copy of a collector.db at revision 0. */
    static boolean beforeFirstRevision(String replicaStamp) {
        return replicaStamp != null && replicaStamp.startsWith("0:");
    }

    /** True when any timeframe holds a candle of this market. */
    private static boolean hasAnyCandle(CandleReads reads, MarketSymbol market) {
        for (Timeframe tf : Timeframe.values()) {
            if (reads.hasAny(tf, market)) {
                return true;
            }
        }
        return false;
    }
}
