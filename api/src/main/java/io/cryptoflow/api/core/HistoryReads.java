package io.cryptoflow.api.core;

import io.cryptoflow.api.render.ClosedCandles;

/**
 * Pages read into memory ({@link ClosedCandles}, {@link KnownContexts}) without building or caching a
 * page, for {@link HistoryPrefetch}; the same reads and offers a page read of {@link CandleReader} makes.
 */
public final class HistoryReads {

    private final ReplicaStore db;
    private final ClosedCandles closed;
    private final CandleContextReader contexts;
    private final ReplicaChanges changes;
    private final RecentReplicaStamp stamps;
    private final PageRows pageRows;

    HistoryReads(ReplicaStore db, ClosedCandles closed, CandleContextReader contexts, ReplicaChanges changes,
                 RecentReplicaStamp stamps, PageRows pageRows) {
        this.db = db;
        this.closed = closed;
        this.contexts = contexts;
        this.changes = changes;
        this.stamps = stamps;
        this.pageRows = pageRows;
    }

    /**
     * Reads the closed candles (and context) of {@code q}'s range into memory when memory cannot answer
     * that page yet; true when it read api.db.
     */
    public boolean learn(CandleQuery q) {
        if (!changes.followed(stamps.readNow()) || knows(q)) {
            return false;
        }
        return db.candles(reads -> {
            String stamp = reads.replicaStamp();
            PageSummary s = reads.summary(q.tf(), q.market(), q.fromInclusive(), q.toExclusive(), q.limit() + 1);
            if (!s.isEmpty()) {
                contexts.read(reads.context(), q, stamp);
                pageRows.rendered(reads, q, s, stamp);
            }
            return true;
        });
    }

    /** Whether memory alone answers {@code q}'s page (its candles and their context; as of the last catch-up). */
    public boolean knows(CandleQuery q) {
        return contexts.mayKnow(q.market())
                && closed.known(q.tf(), q.market().stored(), q.fromInclusive(), q.toExclusive(), q.limit()) != null;
    }
}
