package io.cryptoflow.collector.store;

import io.cryptoflow.common.PartitionKind;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Where heatmap rows, depth coverage and depth expiry go: the single writer. */
public interface DepthSink {

    /** One exchange's rows and coverage: one transaction, one revision (none when nothing changed). */
    CompletableFuture<Void> submitDepth(DepthBatch batch);

    /** Drops {@code exchange}'s partitions of {@code kind} of days before {@code keepFrom} whole; completes with their names. */
    CompletableFuture<List<String>> submitPartitionExpiry(String exchange, PartitionKind kind, long keepFrom);
}
