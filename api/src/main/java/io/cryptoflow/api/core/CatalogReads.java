package io.cryptoflow.api.core;

import io.cryptoflow.api.api.StoredRange;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.ReplicaPosition;
import io.cryptoflow.common.Timeframe;
import java.util.List;
import java.util.Optional;

/** What api.db holds, for /api/symbols, /api/health and the empty answers of the other kinds; implemented by {@code db/CatalogDao}. */
public interface CatalogReads {

    /** The stored market names ("EXCHANGE:SYMBOL") with candles of this timeframe. */
    List<String> storedSymbols(Timeframe tf);

    /** First and last open time of a market's candles; empty when it has none. */
    Optional<StoredRange> timeRange(Timeframe tf, String storedSymbol);

    long rowCount(Timeframe tf);

    /** The markets the collector is configured to collect (active {@code configured_markets} rows), by stored name. */
    List<ConfiguredMarket> configuredMarkets();

    /**
     * What api.db holds of and around a market that has no {@code kind} data to answer, from one read
     * snapshot ({@link EmptyAnswers}).
     */
    KindFacts kindFacts(DataKind kind, MarketSymbol market);

    /** The replicator's {@code cf_replica} row; empty before its first copy completed. */
    Optional<ReplicaPosition> replicaPosition();

    /**
     * When the replicator last found collector.db still at the revision {@code cf_replica} names
     * ({@code cf_replica_check}); empty when it has not since that revision was applied, or api.db
     * is from a replicator that does not write it.
     */
    Optional<Long> replicaConfirmedAt();

    /** The collector's {@code cf_state} row as copied; empty when the source had none. */
    Optional<CollectorState> collectorState();
}
