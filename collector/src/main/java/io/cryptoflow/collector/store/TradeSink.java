package io.cryptoflow.collector.store;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Where raw trades go: the single writer ({@link SqliteCandleWriter}); blocks while its queue is full. */
public interface TradeSink {

    CompletableFuture<Void> submitTrades(TradeBatch batch);

    /** Drops {@code exchange}'s partitions of days before {@code keepFrom} whole; completes with their names. */
    CompletableFuture<List<String>> submitTradeExpiry(String exchange, long keepFrom);
}
