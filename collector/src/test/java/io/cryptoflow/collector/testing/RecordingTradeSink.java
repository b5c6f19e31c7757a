package io.cryptoflow.collector.testing;

import io.cryptoflow.collector.store.TradeBatch;
import io.cryptoflow.collector.store.TradeSink;
import io.cryptoflow.common.MarketSymbol;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps what the writer would be handed: trade batches, gaps (as text) and expiry runs. */
public final class RecordingTradeSink implements TradeSink {

    public final List<TradeBatch> batches = new CopyOnWriteArrayList<>();
    public final List<String> expiries = new CopyOnWriteArrayList<>();
    public final List<String> gaps = new CopyOnWriteArrayList<>();
    /** When set, batches stay unwritten until the test completes their futures in {@link #held}. */
    public volatile boolean holding;
    public final List<CompletableFuture<Void>> held = new CopyOnWriteArrayList<>();

    @Override
    public CompletableFuture<Void> submitTrades(TradeBatch batch) {
        batches.add(batch);
        if (!holding) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> written = new CompletableFuture<>();
        held.add(written);
        return written;
    }

    @Override
    public CompletableFuture<Void> submitTradeGap(MarketSymbol market, long from, long to, boolean filled) {
        gaps.add(market + " " + from + ".." + to + (filled ? " filled" : ""));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> submitGapSinceStored(MarketSymbol market, long firstTime, long storedWholeUntil) {
        gaps.add(market + " since stored" + (storedWholeUntil == Long.MIN_VALUE ? "" : " (whole until " + storedWholeUntil + ")")
                + " .." + firstTime);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<List<String>> submitTradeExpiry(String exchange, long keepFrom) {
        expiries.add(exchange + " " + keepFrom);
        return CompletableFuture.completedFuture(List.of());
    }

    /** Every trade id handed over, in order. */
    public List<Long> ids() {
        return batches.stream().flatMap(b -> b.trades().stream()).map(t -> t.id()).toList();
    }
}
