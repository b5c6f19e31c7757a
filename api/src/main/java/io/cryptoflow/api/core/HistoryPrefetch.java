package io.cryptoflow.api.core;

import io.cryptoflow.api.api.StoredRange;
import io.cryptoflow.api.api.Symbols;
import io.cryptoflow.api.render.ClosedCandles;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.Timeframe;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads closed candles into memory ({@link ClosedCandles}) ahead of the requests that will want them:
 * page by page from each series' newest candle backwards, always the series whose pages reach least
 * far back in time ({@link #leastCovered}), until the memory bound
 * is nearly full, or until holding one more page evicted another (then it stops for good, unless
 * memory is cleared: a dataset larger than memory is left to the requests' own choice). Each series has a
 * cursor that only moves down, so every run ends and no page is read twice while the series is unchanged.
 * Why: a page memory cannot answer is read from its rows through the build gate
 * (about one build per core), so the first seconds of reads over history queued behind those builds:
 * random reads right after a backfill had a p99 of 131 ms against 2.9 ms p50 while memory learned
 * (docs/benchmarks.md, "Random reads that fit"). A page memory already answers costs a walk of its
 * slots here, nothing else.
 *
 * <p>Each run works at most {@code slice} and is scheduled with a pause after it, so it takes a bounded
 * share of a core beside readers; knowledge it reads is exact in the same way as a page read's
 * (the change tracker clears what later writes touch, and the next runs read it again).
 *
 * <p>While history is arriving and nobody reads, it holds off ({@link #SETTLE_NANOS}): during a
 * backfill every series' range moves with each commit, and each run started those series over and read
 * what the backfill had just written, 20 % of a core plus as much again for the JIT compiling it, taken
 * from the backfill (bench/run backfill-busy, docs/benchmarks.md "The prefetch holds off during a
 * backfill nobody reads"). Live collection moves a series' newest candle by one period at a time, which
 * does not count. With readers about it runs on: what it reads spares their pages the SQL (with chart
 * readers the backfill took longer without it).
 */
public final class HistoryPrefetch implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(HistoryPrefetch.class);
    /** Candles per read: the pages charts and the bench ask for. */
    static final int PAGE = 500;
    /** Memory is left to requests from this share of its bound on. */
    static final double FULL = 0.9;
    /** How long every series' range must have kept still (but for live candles) before runs read. */
    static final long SETTLE_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final CandleReader reader;
    private final HistoryReads history;
    private final SymbolCatalog catalog;
    private final long boundBytes;
    private final long sliceNanos;
    private final LongAdder pagesRead = new LongAdder();
    /**
     * Per series (its stored range as of the catalog: a new candle or another api.db is another key, read
     * from its newest again, pages memory holds costing a walk), the {@code before} of the next page to
     * read; at or below the series' first candle when it is done.
     */
    private final Map<Series, Long> cursors = new HashMap<>();
    /** A read of this made memory evict: no more reads until memory is cleared. */
    private volatile boolean saturated;
    private final LongSupplier nanoClock;
    /** Grows while readers are served (the API's summed request time); unchanged between two runs: nobody reads. */
    private final LongSupplier readerActivity;
    private long activitySeen = Long.MIN_VALUE;
    /** Each series' range as the previous run saw it (by market and timeframe), to tell a backfill from live candles. */
    private Map<String, Series> seen;
    /** When a run last saw history arriving ({@link #nanoClock}); runs read from {@link #SETTLE_NANOS} after it. */
    private long arrivedAt;
    private boolean arrivedEver;

    /**
     * @param boundBytes the bound {@code reader}'s closed candles were given
     * @param sliceMillis the longest one run works
     */
    public HistoryPrefetch(CandleReader reader, SymbolCatalog catalog, long boundBytes, long sliceMillis,
                           LongSupplier readerActivity) {
        this(reader, catalog, boundBytes, sliceMillis, readerActivity, System::nanoTime);
    }

    HistoryPrefetch(CandleReader reader, SymbolCatalog catalog, long boundBytes, long sliceMillis,
                    LongSupplier readerActivity, LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.readerActivity = readerActivity;
        this.reader = reader;
        this.history = reader.history();
        this.catalog = catalog;
        this.boundBytes = boundBytes;
        this.sliceNanos = TimeUnit.MILLISECONDS.toNanos(sliceMillis);
    }

    /** Pages read from api.db into memory so far (a metric). */
    public long pagesRead() {
        return pagesRead.sum();
    }

    @Override
    public void run() {
        try {
            runOnce();
        } catch (ReplicaNotReadyException e) {
            // no replica yet: the next run looks again
        } catch (RuntimeException e) {
            LOG.warn("history prefetch run failed (the next one tries again): {}", e.toString());
        }
    }

    /** One run: true when it stopped with pages left to read (slice used up), false when done or full. */
    boolean runOnce() {
        ClosedCandles closed = reader.closedCandles();
        if (saturated && closed.bytes() < boundBytes / 2) {
            saturated = false; // memory was cleared (api.db replaced): read again
            cursors.clear();
        }
        if (saturated || full(closed)) {
            return false;
        }
        long evicted = closed.evictions();
        List<Series> series = series(catalog.symbols());
        long activity = readerActivity.getAsLong();
        boolean reading = activity != activitySeen && activitySeen != Long.MIN_VALUE;
        activitySeen = activity;
        if (!settled(series) && !reading) {
            return false;
        }
        cursors.keySet().retainAll(new HashSet<>(series));
        long deadline = System.nanoTime() + sliceNanos;
        for (Series s = leastCovered(series); s != null; s = leastCovered(series)) {
            // below the newest candle, which may be forming (never kept, so never known: its page
            // would be read again by every run)
            long before = cursors.getOrDefault(s, s.last());
            CandleQuery q = new CandleQuery(s.market(), s.tf(), PAGE, before, null, null);
            boolean read = history.learn(q);
            // Every step moves the series' cursor a page down, or ends the series when a page it read
            // did not become known (rows memory cannot hold exact, e.g. unaligned open times): each run
            // ends, and a page is never read again by the next one (issue 23: that looped forever).
            boolean stuck = read && !history.knows(q);
            if (stuck) {
                LOG.debug("history prefetch: {} {} before {} read but not known; series left to requests",
                        s.market(), s.tf(), before);
            }
            cursors.put(s, stuck ? Long.MIN_VALUE : before - (long) PAGE * s.tf().millis());
            if (!read) {
                continue; // memory answers it already: a walk of its slots, no deadline check needed
            }
            pagesRead.increment();
            if (closed.evictions() != evicted) {
                // more history than memory holds: reading on would only push out what requests read
                saturated = true;
                return false;
            }
            if (full(closed)) {
                return false;
            }
            if (System.nanoTime() > deadline) {
                return true;
            }
        }
        return false;
    }

    /**
     * The series with pages left whose cursor is the least far back in time from its newest candle
     * (null when every series is done): memory fills with the same span of recent history in every
     * market and timeframe. Taking a page of each series in turn instead spent a 24 MiB bound on the
     * whole two years of the daily and 4-hour series and ~36 days of the 15-minute ones, and random
     * reads over the newest 120 days went to SQL (docs/benchmarks.md, issue 23, stop 43).
     */
    private Series leastCovered(List<Series> series) {
        Series least = null;
        long leastSpan = Long.MAX_VALUE;
        for (Series s : series) {
            long before = cursors.getOrDefault(s, s.last());
            if (before <= s.first()) {
                continue; // this series is done
            }
            long span = s.last() - before;
            if (span < leastSpan) {
                leastSpan = span;
                least = s;
            }
        }
        return least;
    }

    /**
     * False while history is arriving (runs then read only for readers about): since the previous run a
     * series appeared, its first candle moved, or its newest moved by more than one period (a backfill
     * forwards); true once none did for {@link #SETTLE_NANOS}. What the first run sees counts as settled
     * (a restart prefetches at once).
     */
    private boolean settled(List<Series> series) {
        Map<String, Series> now = new HashMap<>();
        boolean arriving = false;
        for (Series s : series) {
            String key = s.market() + " " + s.tf();
            now.put(key, s);
            Series before = seen == null ? s : seen.get(key);
            arriving |= before == null || before.first() != s.first() || s.last() - before.last() > s.tf().millis();
        }
        seen = now;
        long t = nanoClock.getAsLong();
        if (arriving) {
            arrivedAt = t;
            arrivedEver = true;
            return false;
        }
        return !arrivedEver || t - arrivedAt >= SETTLE_NANOS;
    }

    private boolean full(ClosedCandles closed) {
        return closed.bytes() >= boundBytes * FULL;
    }

    private record Series(MarketSymbol market, Timeframe tf, long first, long last) {
    }

    private static List<Series> series(Symbols symbols) {
        List<Series> out = new ArrayList<>();
        for (Symbols.Market m : symbols.markets()) {
            MarketSymbol market = MarketSymbol.tryOf(m.exchange(), m.symbol()).orElse(null);
            for (Timeframe tf : Timeframe.values()) {
                StoredRange range = market == null ? null : m.timeframes().get(tf.label());
                if (range != null) {
                    out.add(new Series(market, tf, range.first(), range.last()));
                }
            }
        }
        return out;
    }
}
