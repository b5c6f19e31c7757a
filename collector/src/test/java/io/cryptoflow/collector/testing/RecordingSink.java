package io.cryptoflow.collector.testing;

import io.cryptoflow.collector.store.CandleBatch;
import io.cryptoflow.collector.store.CandleSink;
import io.cryptoflow.collector.store.DailySession;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Stands in for the writer thread at its interface: keeps what it was handed, can fail the first N submits. */
public final class RecordingSink implements CandleSink {

    public final List<CandleBatch> batches = new CopyOnWriteArrayList<>();
    public final List<DailySession> sessions = new CopyOnWriteArrayList<>();
    public final AtomicInteger failNext = new AtomicInteger();

    @Override
    public CompletableFuture<Void> submit(CandleBatch batch) {
        if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return CompletableFuture.failedFuture(new IllegalStateException("writer busy (test)"));
        }
        batches.add(batch);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> submitSessions(List<DailySession> list) {
        sessions.addAll(list);
        return CompletableFuture.completedFuture(null);
    }
}
