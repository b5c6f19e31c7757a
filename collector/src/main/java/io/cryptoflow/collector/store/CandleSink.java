package io.cryptoflow.collector.store;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What producers (backfill, sync, live trade aggregation, archive import) hand their data to.
 * The only implementation is the single writer thread that owns collector.db's write connection;
 * each submission is one transaction. The future fails when the batch was rejected or not written.
 */
public interface CandleSink {

    CompletableFuture<Void> submit(CandleBatch batch);

    CompletableFuture<Void> submitSessions(List<DailySession> sessions);
}
