package io.cryptoflow.api.core;

import java.util.List;

/**
 * Raw trades as the core reads them from api.db (implemented in {@code db} by {@code TradeDao}),
 * all inside one read transaction ({@link ReplicaStore#trades}).
 */
public interface TradeReads {

    /** A live partition: its table (a name from the closed pattern) and its UTC day's start, ms. */
    record Partition(String name, long day) {
    }

    /** Receives rows as they are read, never a list. */
    @FunctionalInterface
    interface RowSink {
        void trade(long time, long id, double price, double qty, boolean buyerMaker);
    }

    /** A range of trades the collector recorded as missing and not filled since. */
    record Gap(long fromTime, long toTime) {
    }

    /** {@code symbol}'s unfilled gaps overlapping {@code [from, to]}, oldest first. */
    List<Gap> gaps(String exchange, String symbol, long from, long to);

    /** {@code exchange}'s partitions not dropped, oldest first. */
    List<Partition> partitions(String exchange);

    /** Whether partition {@code table} holds any trade of {@code symbol} (one index seek). */
    boolean holds(String table, String symbol);

    /**
     * Streams {@code symbol}'s trades of one partition in (time, id) order from {@code (fromTime, afterId)}
     * exclusive of that position, with {@code time <= to} and {@code seq <= maxSeq}, at most {@code limit};
     * returns how many.
     */
    long stream(String table, String symbol, long fromTime, long afterId, long to, long maxSeq, long limit, RowSink sink);

    /** Streams {@code symbol}'s trades with {@code afterSeq < seq <= upToSeq} in seq (commit) order; returns how many. */
    long streamAdded(String table, String symbol, long afterSeq, long upToSeq, RowSink sink);

    /** The partition's highest {@code seq} (its rows are numbered in commit order), 0 when empty. */
    long maxSeq(String table);
}
