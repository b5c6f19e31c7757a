package io.cryptoflow.api.core;

import java.util.List;

/**
 * Raw trades as the core reads them from api.db (implemented in {@code db} by {@code TradeDao}),
 * all inside one read transaction ({@link ReplicaStore#trades}); the partition reads it shares with
 * the {@code /ws} channels are {@link PartitionFeedReads}'.
 */
public interface TradeReads extends PartitionFeedReads {

    /** A range of trades the collector recorded as missing and not filled since. */
    record Gap(long fromTime, long toTime) {
    }

    /** {@code symbol}'s unfilled gaps overlapping {@code [from, to]}, oldest first. */
    List<Gap> gaps(String exchange, String symbol, long from, long to);

    /** Whether partition {@code table} holds any trade of {@code symbol} (one index seek). */
    boolean holds(String table, String symbol);
}
