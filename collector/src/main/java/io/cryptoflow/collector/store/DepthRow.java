package io.cryptoflow.collector.store;

import io.cryptoflow.common.PartitionKind;

/**
 * One heatmap row as {@code io.cryptoflow.common.DepthSchema} stores it: the book of {@code symbol}
 * at {@code time} (ms; a minute row: the minute's start) binned on {@code step}, each side a
 * little-endian float32 array from the best bin outwards.
 *
 * @param kind    {@link PartitionKind#DEPTH} (second) or {@link PartitionKind#DEPTH_MINUTE} (minute)
 * @param samples seconds averaged into the row (1 for a second row)
 */
public record DepthRow(PartitionKind kind, String symbol, long time, double step, long bidBin, long askBin,
                       byte[] bids, byte[] asks, int samples) {

    public DepthRow {
        if (kind != PartitionKind.DEPTH && kind != PartitionKind.DEPTH_MINUTE) {
            throw new IllegalArgumentException("not a depth partition kind: " + kind);
        }
    }

    /** Stored bytes of both blobs. */
    public int blobBytes() {
        return bids.length + asks.length;
    }
}
