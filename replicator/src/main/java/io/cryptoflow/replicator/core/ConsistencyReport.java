package io.cryptoflow.replicator.core;

import java.util.List;

/**
 * The outcome of comparing api.db with collector.db at one committed revision.
 *
 * @param rev        the revision both databases were at, or -1 when they could not be compared
 * @param comparable false when the source moved on before both could be read at one revision
 * @param mismatches one line per table whose row count or content hash differ
 */
public record ConsistencyReport(long rev, boolean comparable, boolean full, long rowsCompared,
                                List<String> mismatches) {

    public boolean consistent() {
        return comparable && mismatches.isEmpty();
    }

    public static ConsistencyReport notComparable(String why) {
        return new ConsistencyReport(-1, false, true, 0, List.of(why));
    }
}
