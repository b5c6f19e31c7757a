package io.cryptoflow.api.core;

import io.cryptoflow.api.render.ClosedCandles;
import io.cryptoflow.api.render.RenderCache;
import io.cryptoflow.api.render.RenderedCandle;
import java.util.List;

/**
 * The candles of a page {@link CandleReader} builds: from {@link ClosedCandles} when it holds exactly
 * the rows the range's summary describes, else read from api.db; what was read is offered back to it,
 * marked known exact where the read covered every row.
 */
final class PageRows {

    private final RenderCache renders;
    private final ClosedCandles closed;

    PageRows(RenderCache renders, ClosedCandles closed) {
        this.renders = renders;
        this.closed = closed;
    }

    /**
     * The page's candles, newest first: from {@link ClosedCandles} when it holds exactly the rows the
     * summary describes (all closed), else read from api.db (and then offered to it).
     */
    List<RenderedCandle> rendered(CandleReads reads, CandleQuery q, PageSummary s, String stamp) {
        String symbol = q.market().stored();
        long rev = ReplicaChanges.sourceRevOf(stamp);
        if (s.allClosed() == 1) {
            // all limit + 1 rows the summary counts, not only the page's: the row beyond is marked known
            // too, else ClosedCandles.known (which walks down to it) could never answer this page and
            // every read of it, the history prefetch's included, would read it again (issue 23)
            List<RenderedCandle> known = closed.page(q.tf(), symbol, new ClosedCandles.Expected(s.rows(), s.oldest(),
                    s.newest(), s.maxRev(), s.timeSum(), s.revSum()), q.limit() + 1);
            if (known != null) {
                // the summary confirmed them: the range they span (and above, to the range's end) is exact
                offerKnown(q, symbol, known, s.rows() > q.limit(), rev);
                return known.size() > q.limit() ? known.subList(0, q.limit()) : known;
            }
        }
        // one row beyond the page: known too, a re-check of the page from memory needs it (OpenTopRefresh)
        List<RenderedCandle> read = reads.rendered(q.tf(), q.market(), q.fromInclusive(), q.toExclusive(),
                q.limit() + 1, renders);
        offerKnown(q, symbol, read, read.size() > q.limit(), rev);
        return read.size() > q.limit() ? read.subList(0, q.limit()) : read;
    }

    /**
     * Offers {@code newestFirst} (every row of the range from its oldest up, or of the whole range when
     * {@code cut} is false) to {@link ClosedCandles} as exact at {@code rev}. The known span is capped at
     * one block beyond the rows, so an open-ended range does not mark empty times without end.
     */
    void offerKnown(CandleQuery q, String symbol, List<RenderedCandle> newestFirst, boolean cut, long rev) {
        if (newestFirst.isEmpty()) {
            return;
        }
        long span = ClosedCandles.BLOCK * q.tf().millis();
        long newest = newestFirst.get(0).time();
        long oldest = newestFirst.get(newestFirst.size() - 1).time();
        long knownTo = newest > Long.MAX_VALUE - span ? q.toExclusive() : Math.min(q.toExclusive(), newest + span);
        long knownFrom = cut ? oldest : Math.max(q.fromInclusive(), oldest - span);
        closed.offer(q.tf(), symbol, newestFirst, knownFrom, knownTo, rev, !cut && q.fromInclusive() == Long.MIN_VALUE);
    }
}
