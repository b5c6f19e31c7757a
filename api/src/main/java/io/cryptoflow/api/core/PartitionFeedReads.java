package io.cryptoflow.api.core;

import java.util.List;

/**
 * One kind of per-day partitions of stored events (raw trades, liquidations) as a {@code /ws} channel
 * follows them: the catalog, a replay in (time, id) order up to a cut, and the rows added since a
 * position in commit ({@code seq}) order. Implemented in {@code db} ({@code TradeDao},
 * {@code LiquidationFeedDao}), all inside one read transaction.
 */
public interface PartitionFeedReads {

    /** A live partition: its table (a name from the closed pattern) and its UTC day's start, ms. */
    record Partition(String name, long day) {
    }

    /**
     * Receives rows as they are read, never a list. For trades {@code id} is the trade id and
     * {@code flag} buyer_maker (the taker sold); for liquidations {@code id} is the row's {@code seq}
     * and {@code flag} long_side (a long position was liquidated).
     */
    @FunctionalInterface
    interface RowSink {
        void trade(long time, long id, double price, double qty, boolean flag);
    }

    /** {@code exchange}'s partitions of this kind not dropped, oldest first. */
    List<Partition> partitions(String exchange);

    /**
     * Streams {@code symbol}'s rows of one partition in (time, id) order from {@code (fromTime, afterId)}
     * exclusive of that position, with {@code time <= to} and {@code seq <= maxSeq}, at most {@code limit};
     * returns how many.
     */
    long stream(String table, String symbol, long fromTime, long afterId, long to, long maxSeq, long limit, RowSink sink);

    /** Streams {@code symbol}'s rows with {@code afterSeq < seq <= upToSeq} in seq (commit) order; returns how many. */
    long streamAdded(String table, String symbol, long afterSeq, long upToSeq, RowSink sink);

    /** The partition's highest {@code seq} (its rows are numbered in commit order), 0 when empty. */
    long maxSeq(String table);
}
