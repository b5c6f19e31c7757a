package io.cryptoflow.api.core;

import io.cryptoflow.api.render.RenderCache;
import io.cryptoflow.api.render.RenderedCandle;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.Timeframe;
import java.util.List;
import java.util.Optional;

/** The candle page queries {@link CandleReader} runs; implemented by {@code db/CandlePageReads}. */
public interface CandleReads {

    /** cf_replica's "source_rev:applied_at", changed by every apply and snapshot; null when absent. */
    String replicaStamp();

    /** The newest {@code limit} rows of a range summed up inside SQLite: one result row, no page column crosses JNI. */
    PageSummary summary(Timeframe tf, MarketSymbol market, long fromInclusive, long toExclusive, int limit);

    /**
     * The newest {@code limit} candles of a range, newest first, rendered; a row whose revision
     * {@code cache} holds is taken from it after reading only its time and rev.
     */
    List<RenderedCandle> rendered(Timeframe tf, MarketSymbol market, long fromInclusive, long toExclusive, int limit,
                                  RenderCache cache);

    /** The per-candle market context reads, on the same read transaction. */
    ContextReads context();

    /** True when the timeframe holds any candle of this market. */
    boolean hasAny(Timeframe tf, MarketSymbol market);

    /**
     * What changed in api.db at revisions above {@code after} (the snapshot holds none above its stamp's): per candle table and market
     * the open-time span written or deleted (tombstones), and the markets whose context series changed.
     */
    default ReplicaChanges.ChangeSet changesSince(long after) {
        throw new UnsupportedOperationException("change tracking not available");
    }

    /**
     * The context rows written or deleted at revisions above {@code after}: open interest and funding
     * (written: span per market; deleted: from tombstones) and liquidation_coverage rows as they are now
     * ({@link ReplicaChanges.ContextKind#COVERAGE}: from_time, to_time); {@code after} -1: every coverage row only.
     */
    default List<ReplicaChanges.ContextChange> contextChangesSince(long after) {
        throw new UnsupportedOperationException("change tracking not available");
    }

    /** Every live liquidation partition's highest {@code seq}, by table name. */
    default java.util.Map<String, Long> liquidationSeqs() {
        throw new UnsupportedOperationException("change tracking not available");
    }

    /** Per market, the span of one liquidation partition's events with {@code seq} above {@code afterSeq}. */
    default List<ReplicaChanges.ContextChange> liquidationsAfter(String partition, long afterSeq) {
        throw new UnsupportedOperationException("change tracking not available");
    }

    /** The kline timeframes the collector is configured to collect of this market; empty when it is not configured. */
    Optional<List<Timeframe>> configuredTimeframes(MarketSymbol market);
}
