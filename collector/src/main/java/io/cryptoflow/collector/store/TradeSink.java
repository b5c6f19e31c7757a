package io.cryptoflow.collector.store;

import io.cryptoflow.common.MarketSymbol;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Where raw trades go: the single writer ({@link SqliteCandleWriter}); blocks while its queue is full. */
public interface TradeSink {

    CompletableFuture<Void> submitTrades(TradeBatch batch);

    /** Records {@code [from, to]} of {@code market}'s trades as missing, or ({@code filled}) the ranges within it as filled. */
    CompletableFuture<Void> submitTradeGap(MarketSymbol market, long from, long to, boolean filled);

    /**
     * Records the range from {@code market}'s newest trade stored before {@code firstTime} (nothing
     * stored: 00:00 of its day), but not before {@code storedWholeUntil}, up to {@code firstTime} as missing.
     */
    CompletableFuture<Void> submitGapSinceStored(MarketSymbol market, long firstTime, long storedWholeUntil);

    /** Drops {@code exchange}'s partitions of days before {@code keepFrom} whole; completes with their names. */
    CompletableFuture<List<String>> submitTradeExpiry(String exchange, long keepFrom);
}
