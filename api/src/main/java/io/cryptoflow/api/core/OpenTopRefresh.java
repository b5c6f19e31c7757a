package io.cryptoflow.api.core;

import io.cryptoflow.api.api.CandleContext;
import io.cryptoflow.api.render.ClosedCandles;
import io.cryptoflow.api.render.RenderCache;
import io.cryptoflow.api.render.RenderedCandle;
import java.util.ArrayList;
import java.util.List;

/**
 * Re-reads a cached page whose newest candles are open (the newest page of a live market: its forming
 * candle changes with every trade replicated) without reading the closed ones again: the rows from the
 * cached page's oldest open candle up are read from api.db, the closed candles below them are taken from
 * {@link ClosedCandles#known}, their market context from memory ({@link CandleContextReader#fromMemory}).
 * The live replicator moves the replica every ~50 ms; re-reading such a page whole (summary, then 1000
 * rows over JDBC, then the page rejoined) took a few milliseconds each time, and with one connection
 * that request paid all of it: the hot page's p99 of 6-7 ms against a p50 of 0.3 ms (docs/benchmarks.md,
 * "The forming candle's re-check").
 *
 * <p>Exact as of the snapshot it reads: memory is only used when the change tracker ({@link
 * ReplicaChanges}) has followed api.db through exactly that snapshot's revision, so every closed candle
 * below the rows read is known as api.db holds it there. The summary, hence the ETag, is computed from
 * the same candles the page is built from, as {@link CandleReader}'s page from memory does. Null when
 * memory cannot tell: the caller reads the page whole.
 */
final class OpenTopRefresh {

    /** The page's rows as of {@code stamp}: the newest {@code limit} of {@code newestFirst}, and their summary. */
    record Rows(String stamp, List<RenderedCandle> newestFirst, PageSummary summary, CandleContext context) {
    }

    private final ReplicaStore db;
    private final RenderCache renders;
    private final ClosedCandles closed;
    private final CandleContextReader contexts;
    private final ReplicaChanges changes;
    private final PageRows pageRows;

    OpenTopRefresh(ReplicaStore db, RenderCache renders, ClosedCandles closed, CandleContextReader contexts,
                   ReplicaChanges changes, PageRows pageRows) {
        this.pageRows = pageRows;
        this.db = db;
        this.renders = renders;
        this.closed = closed;
        this.contexts = contexts;
        this.changes = changes;
    }

    /**
     * The rows of {@code q}'s page now, {@code cachedAscending} being its candles as last built (oldest
     * first); null when memory cannot tell.
     *
     * @param stamp       the replica stamp the request relies on: followed first (which may catch up)
     * @param cachedStamp the stamp the page was last confirmed at
     */
    Rows read(CandleQuery q, List<RenderedCandle> cachedAscending, String cachedStamp, String stamp) {
        if (cachedAscending.isEmpty() || !changes.followed(stamp) || !contexts.mayKnow(q.market())) {
            return null;
        }
        long top = openFrom(cachedAscending);
        if (top <= q.fromInclusive() || top >= q.toExclusive()) {
            return null; // nothing closed below the open rows, or nothing above: the whole read is as cheap
        }
        return db.candles(reads -> {
            String now = reads.replicaStamp();
            long rev = ReplicaChanges.sourceRevOf(now);
            if (rev != changes.through() || rev <= ReplicaChanges.sourceRevOf(cachedStamp)) {
                // a commit since the catch-up (or memory ahead of this snapshot); or the stamp moved without
                // a new revision (re-stamped, or a copy put in place), which the change tracker cannot follow
                return null;
            }
            // every row from the open boundary up: the open ones, and whatever was added above
            List<RenderedCandle> open = reads.rendered(q.tf(), q.market(), top, q.toExclusive(), q.limit() + 1, renders);
            if (open.size() >= q.limit()) {
                return null;
            }
            String symbol = q.market().stored();
            ClosedCandles.Known below = closed.known(q.tf(), symbol, q.fromInclusive(), top, q.limit() - open.size());
            if (below == null) {
                return null; // a closed candle not known exact (or none below: the summary tells that case)
            }
            List<RenderedCandle> newestFirst = new ArrayList<>(open.size() + below.newestFirst().size());
            newestFirst.addAll(open);
            newestFirst.addAll(below.newestFirst());
            CandleContext context = contexts.fromMemory(q, newestFirst);
            if (context == null) {
                return null;
            }
            offerClosed(q, symbol, open, top, rev);
            return new Rows(now, newestFirst, summary(open, below), context);
        });
    }

    /**
     * Where the rows to read start: the oldest open candle of the page as last built, or just above its
     * newest when all were closed (candles added since are read).
     */
    static long openFrom(List<RenderedCandle> ascending) {
        long from = ascending.get(ascending.size() - 1).time() + 1;
        for (RenderedCandle c : ascending) {
            if (!c.closed()) {
                return c.time();
            }
        }
        return from;
    }

    /** The summary of the newest rows of the range: {@code open} (newest first) above {@code below}. */
    static PageSummary summary(List<RenderedCandle> open, ClosedCandles.Known below) {
        long maxRev = below.maxRev();
        long timeSum = below.timeSum();
        long revSum = below.revSum();
        int allClosed = 1;
        for (RenderedCandle c : open) {
            maxRev = Math.max(maxRev, c.rev());
            timeSum += c.time();
            revSum += c.rev();
            allClosed &= c.closed() ? 1 : 0;
        }
        long newest = open.isEmpty() ? below.newest() : open.get(0).time();
        return new PageSummary(open.size() + below.rows(), below.oldest(), newest, maxRev, allClosed, timeSum, revSum);
    }

    /**
     * Candles that closed since the page was built are offered as known (they were read whole from
     * {@code top} up, as of {@code rev}), so the next refresh takes them from memory.
     */
    private void offerClosed(CandleQuery q, String symbol, List<RenderedCandle> open, long top, long rev) {
        for (RenderedCandle c : open) {
            if (c.closed()) {
                CandleQuery fromTop = new CandleQuery(q.market(), q.tf(), q.limit(), q.before(), top, q.to());
                pageRows.offerKnown(fromTop, symbol, open, false, rev);
                return;
            }
        }
    }
}
