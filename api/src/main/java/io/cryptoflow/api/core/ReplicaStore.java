package io.cryptoflow.api.core;

import java.util.function.Function;

/**
 * api.db as the core logic reads it. Declared here and implemented in {@code db} (by
 * {@code ApiDatabase} over the SqlObject DAOs), so dependencies run db → core only. Every read
 * fails with {@link ReplicaNotReadyException} until the replicator's first copy exists, and with
 * {@link DatabaseBusyException} when no pooled connection frees up in time.
 */
public interface ReplicaStore {

    /** Whether api.db exists; never throws. */
    boolean fileExists();

    /** {@link CandleReads#replicaStamp()} on its own connection, outside any transaction. */
    String replicaStamp();

    /** Runs {@code work} in one read transaction: all its queries see one WAL snapshot of api.db. */
    <R> R candles(Function<CandleReads, R> work);

    /** Runs {@code work} in one read transaction over the raw-trade partitions. */
    <R> R trades(Function<TradeReads, R> work);

    /** Runs {@code work} in one read transaction over the order-book heatmap tables. */
    <R> R depth(Function<DepthReads, R> work);

    /** Runs {@code work} against the catalog reads (markets, ranges, counts, bookkeeping rows). */
    <R> R catalog(Function<CatalogReads, R> work);
}
