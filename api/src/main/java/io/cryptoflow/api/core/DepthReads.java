package io.cryptoflow.api.core;

import io.cryptoflow.common.PartitionKind;
import io.cryptoflow.common.TradePartition;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;

/**
 * Order-book heatmap rows as the core reads them from api.db (implemented in {@code db} by
 * {@code DepthDao}), all inside one read transaction ({@link ReplicaStore#depth}).
 */
public interface DepthReads {

    /** One stored snapshot (either tier); {@code bids}/{@code asks} are little-endian float32 sizes. */
    record Snapshot(long time, double step, long bidBin, long askBin, byte[] bids, byte[] asks, int samples) {

        /** Bid sizes, index {@code i} = bin {@code bidBin - i}. */
        public FloatBuffer bidSizes() {
            return ByteBuffer.wrap(bids).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        }

        /** Ask sizes, index {@code i} = bin {@code askBin + i}. */
        public FloatBuffer askSizes() {
            return ByteBuffer.wrap(asks).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        }
    }

    /** A time range, ms, both ends inclusive. */
    record Range(long from, long to) {
    }

    /** {@code exchange}'s live (not dropped) partitions of {@code kind}, oldest first. */
    List<TradePartition> partitions(String exchange, PartitionKind kind);

    /** Feeds {@code symbol}'s snapshots of one partition with time in [from, to] to {@code sink}, oldest first. */
    void snapshots(TradePartition partition, String symbol, long from, long to, java.util.function.Consumer<Snapshot> sink);

    /** {@code symbol}'s newest snapshot of one partition with time after {@code after}, if any. */
    java.util.Optional<Snapshot> newestAfter(TradePartition partition, String symbol, long after);

    /** The ranges in which the market's book was known right, clipped to [from, to], oldest first. */
    List<Range> covered(String exchange, String symbol, long from, long to);

    /** Whether the market ever had a book known right (a market configured for depth). */
    boolean known(String exchange, String symbol);
}
