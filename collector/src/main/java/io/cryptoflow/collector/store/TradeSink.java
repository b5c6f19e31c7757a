package io.cryptoflow.collector.store;

import io.cryptoflow.common.MarketSymbol;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Where raw trades go: the single writer ({@link SqliteCandleWriter}); blocks while its queue is full. */
public interface TradeSink {

    CompletableFuture<Void> submitTrades(TradeBatch batch);

    /** Records {@code [from, to]} of {@code market}'s trades as missing, or ({@code filled}) the ranges within it as filled. */
    CompletableFuture<Void> submitTradeGap(MarketSymbol market, long from, long to, boolean filled);

    /** Records the range from {@code market}'s newest stored trade to {@code firstTime} as missing (nothing stored: nothing). */
    CompletableFuture<Void> submitGapSinceStored(MarketSymbol market, long firstTime);

    /** Drops {@code exchange}'s partitions of days before {@code keepFrom} whole; completes with their names. */
    CompletableFuture<List<String>> submitTradeExpiry(String exchange, long keepFrom);
}
