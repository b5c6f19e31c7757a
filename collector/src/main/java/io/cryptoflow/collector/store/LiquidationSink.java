package io.cryptoflow.collector.store;

import java.util.concurrent.CompletableFuture;

/** Where liquidation events and stream coverage go: the single writer. */
public interface LiquidationSink {

    /** One market's events and connected range: one transaction, one revision (none when nothing changed). */
    CompletableFuture<Void> submitLiquidations(LiquidationBatch batch);
}
