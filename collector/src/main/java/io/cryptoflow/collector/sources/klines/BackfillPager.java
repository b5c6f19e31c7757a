package io.cryptoflow.collector.sources.klines;

import static io.cryptoflow.collector.sources.klines.WorkerSignals.monotonicMillis;

import io.cryptoflow.collector.exchange.ExchangeUnavailableException;
import io.cryptoflow.collector.exchange.MalformedResponseException;
import io.cryptoflow.collector.exchange.Market;
import io.cryptoflow.collector.load.BackfillYield;
import io.cryptoflow.collector.store.NoDataLedger;
import io.cryptoflow.collector.store.StoredCandles;
import io.cryptoflow.common.Candle;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.Timeframe;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One market's backfill: fetches exactly the candles missing from every (symbol, timeframe) window,
 * and the ranges an operator asked for, page by page, newest first. Each page
 * first yields to a busy machine; between pages the {@link LiveSync} runs when due, so the newest
 * candles stay current during a long backfill. Spans the exchange answers empty are remembered as
 * "no data" and not asked again.
 */
final class BackfillPager {

    private static final Logger LOG = LoggerFactory.getLogger(BackfillPager.class);
    private static final long DAY = 86_400_000L;
    private static final long PROGRESS_LOG_EVERY_MS = 10_000;
    private static final long YIELD_POLL_MS = 50;
    private static final long YIELD_LOG_EVERY_MS = 60_000;

    private final KlineClient client;
    private final Market market;
    private final StoredCandles stored;
    private final NoDataLedger noData;
    private final Queue<BackfillRequest> requests = new ConcurrentLinkedQueue<>();
    private final ProgressTracker progress;
    private final List<String> symbols;
    private final List<Timeframe> timeframes;
    private final HistoryWindows history;
    private final WorkerSettings settings;
    private final LongSupplier clock;
    /** Keys ({@code stored/label}) whose whole window is stored: the live sync keeps only those current. */
    private final Set<String> backfilled;
    private final Backoff backoff;
    private final PageWriter writer;
    private final LiveSync sync;
    private final WorkerSignals signals;
    private BackfillYield backfillYield = BackfillYield.never();

    private long lastProgressLog = Long.MIN_VALUE / 2;
    private long lastYieldLog = Long.MIN_VALUE / 2;
    /**
     * When the previous page began its work (after its yield): the work the next page's yield is in
     * proportion to. None yet counts as a long page (the pause is then {@code maxWait} at most).
     */
    private long lastPageStart = Long.MIN_VALUE / 2;

    BackfillPager(KlineClient client, StoredCandles stored, NoDataLedger noData, ProgressTracker progress,
                  List<String> symbols, List<Timeframe> timeframes, HistoryWindows history, WorkerSettings settings,
                  LongSupplier clock, Set<String> backfilled, PageWriter writer, LiveSync sync, WorkerSignals signals) {
        this.client = client;
        this.market = client.market();
        this.stored = stored;
        this.noData = noData;
        this.progress = progress;
        this.symbols = symbols;
        this.timeframes = timeframes;
        this.history = history;
        this.settings = settings;
        this.clock = clock;
        this.backfilled = backfilled;
        this.backoff = new Backoff(settings.retryDelayMillis(), settings.maxRetryDelayMillis());
        this.writer = writer;
        this.sync = sync;
        this.signals = signals;
    }

    void yieldingTo(BackfillYield backfillYield) {
        this.backfillYield = backfillYield;
    }

    /** Queues an operator's backfill of {@code range}, fetched whole by the next {@link #runRequestedBackfills}. */
    void request(MarketSymbol ms, Timeframe tf, TimeRange range) {
        requests.add(new BackfillRequest(ms, tf, range));
    }

    private record BackfillRequest(MarketSymbol market, Timeframe tf, TimeRange range) {
    }

    /** Fetches exactly the candles missing from every (symbol, timeframe) window. */
    void fillAllWindows() throws InterruptedException {
        for (String symbol : symbols) {
            for (Timeframe tf : timeframes) {
                if (!signals.running()) {
                    return;
                }
                fillWindow(MarketSymbol.of(market.exchange(), symbol), tf);
            }
        }
    }

    void fillWindow(MarketSymbol ms, Timeframe tf) throws InterruptedException {
        long now = clock.getAsLong();
        TimeRange window = new TimeRange(tf.openTimeOf(now - history.days(tf) * DAY), tf.openTimeOf(now));
        List<TimeRange> known = noData.known(ms, tf).stream().map(r -> new TimeRange(r[0], r[1])).toList();
        List<TimeRange> gaps = GapFinder.missing(tf, stored.times(ms, tf, window.from(), window.to()), window, known);
        long total = window.candles(tf);
        long missing = GapFinder.size(tf, gaps);
        progress.start(ms, tf, total - missing, total);
        // Only the forming candle missing is the normal state of every pass: not worth a line.
        if (missing > 1) {
            LOG.info("{} {}: {} of {} candles missing in {} range(s)", ms, tf.label(), missing, total, gaps.size());
        }
        // Only candles the sync re-fetches anyway are missing (the collector restarted, a candle closed):
        // on a busy machine a page for them would wait for the readers, the sync does not.
        if (!gaps.isEmpty() && onlySyncedCandles(tf, gaps, window.to()) && backfillYield.machineBusy()) {
            gaps = List.of();
        }
        // newest gap first, as each range is filled newest page first
        List<TimeRange> newestFirst = new ArrayList<>(gaps);
        newestFirst.sort(Comparator.comparingLong(TimeRange::from).reversed());
        for (TimeRange gap : newestFirst) {
            if (!fillRange(ms, tf, gap)) {
                return;
            }
        }
        progress.finish(ms, tf);
        backfilled.add(ms.stored() + "/" + tf.label());
    }

    /** True when every gap lies within the newest {@code syncCandles} candles (forming one included). */
    private boolean onlySyncedCandles(Timeframe tf, List<TimeRange> gaps, long formingOpen) {
        long oldestSynced = formingOpen - (settings.syncCandles() - 1L) * tf.millis();
        return gaps.stream().allMatch(g -> g.from() >= oldestSynced);
    }

    void runRequestedBackfills() throws InterruptedException {
        BackfillRequest r;
        while (signals.running() && (r = requests.poll()) != null) {
            LOG.info("{} {}: operator backfill {}..{}", r.market(), r.tf().label(), r.range().from(), r.range().to());
            progress.start(r.market(), r.tf(), 0, r.range().candles(r.tf()));
            if (fillRange(r.market(), r.tf(), r.range())) {
                progress.finish(r.market(), r.tf());
            }
        }
    }

    /**
     * Fetches one range newest page first; false when stopped early. Newest first on every exchange,
     * so that during a long backfill the recent history users open first is there first, and the
     * pages they read settle while older history is still arriving: a Binance backfill that ran
     * forward from two years back left the last days of a chart empty until the end of each series,
     * and every read of recent history met the newest stored page, which changed with each commit
     * (docs/benchmarks.md, issue 23, stop 43). A market whose page holds the oldest candles of a range (Binance)
     * is asked windows of one page ({@link #spanStart}), where either end gives the same rows.
     */
    boolean fillRange(MarketSymbol ms, Timeframe tf, TimeRange range) throws InterruptedException {
        long from = range.from();
        long cursorEnd = range.to();
        while (cursorEnd >= from) {
            long pageFrom = spanStart(tf, from, cursorEnd);
            List<Candle> page = fetchPage(ms, tf, pageFrom, cursorEnd);
            if (page == null) {
                return false;
            }
            if (page.isEmpty()) {
                // only the span this request covered is known to be empty
                rememberNoData(ms, tf, pageFrom, cursorEnd);
                if (pageFrom <= from) {
                    return true;
                }
                progress.advance(ms, tf, (cursorEnd - pageFrom) / tf.millis() + 1);
                cursorEnd = pageFrom - tf.millis();
                if (market.paging() == Market.Paging.FORWARD) {
                    Long oldest = oldestCandle(ms, tf, from, cursorEnd);
                    if (oldest == null) {
                        return false;
                    }
                    if (oldest > cursorEnd) {
                        rememberNoData(ms, tf, from, cursorEnd);
                        return true;
                    }
                    if (oldest > from) {
                        rememberNoData(ms, tf, from, oldest - tf.millis());
                        progress.advance(ms, tf, (oldest - from) / tf.millis());
                        from = oldest;
                    }
                }
                continue;
            }
            long newest = page.get(page.size() - 1).time();
            if (newest < cursorEnd) {
                rememberNoData(ms, tf, newest + tf.millis(), cursorEnd);
            }
            if (!writer.write(ms, tf, page)) {
                return false;
            }
            long previous = page.get(0).time() - tf.millis();
            progress.advance(ms, tf, (cursorEnd - previous) / tf.millis());
            cursorEnd = previous;
            afterPage();
        }
        return true;
    }

    /**
     * The open time of the oldest candle in [from, to] (past {@code to} when there is none), asked as
     * one row from {@code from}, which a market paging forward answers with the oldest: an empty window
     * is then followed by one cheap request instead of a walk back window by window through the years
     * before a listing. Null when the worker stopped.
     */
    private Long oldestCandle(MarketSymbol ms, Timeframe tf, long from, long to) throws InterruptedException {
        List<Candle> first = fetchWithRetry(ms, tf, from, to, 1);
        if (first == null) {
            return null;
        }
        return first.stream().mapToLong(Candle::time).filter(t -> t >= from && t <= to).min().orElse(to + tf.millis());
    }

    /**
     * Oldest open time one request for [from, to] may ask for: the market refuses wider spans
     * (Bitget: 90 days from startTime to its exclusive endTime = to + 1), or, paging forward, would
     * answer a wider one with its oldest candles.
     */
    private long spanStart(Timeframe tf, long from, long to) {
        long span = market.maxSpanMillis();
        if (market.paging() == Market.Paging.FORWARD) {
            // one page per window: a wider range would be answered with its oldest candles
            span = Math.min(span, market.maxLimit() * tf.millis());
        }
        if (span == Long.MAX_VALUE || to + 1 - from <= span) {
            return from;
        }
        long earliest = to + 1 - span;
        return Math.max(from, tf.openTimeOf(earliest + tf.millis() - 1));
    }

    /** One backfill page restricted to [from, to], after yielding to a busy machine; null when the worker stopped. */
    private List<Candle> fetchPage(MarketSymbol ms, Timeframe tf, long from, long to) throws InterruptedException {
        yieldToBusyMachine();
        if (!signals.running()) {
            return null;
        }
        List<Candle> page = fetchWithRetry(ms, tf, from, to, market.maxLimit());
        if (page == null) {
            return null;
        }
        List<Candle> inRange = new ArrayList<>(page.size());
        for (Candle c : page) {
            if (c.time() >= from && c.time() <= to) {
                inRange.add(c);
            }
        }
        return inRange;
    }

    /**
     * Only closed time can be "no data": the newest candle may simply not exist yet.
     */
    private void rememberNoData(MarketSymbol ms, Timeframe tf, long from, long to) throws InterruptedException {
        long lastClosed = tf.openTimeOf(clock.getAsLong()) - tf.millis();
        long end = Math.min(to, lastClosed);
        if (end < from) {
            return;
        }
        LOG.info("{} {}: exchange has no candles from {} to {}; not asking again", ms, tf.label(), from, end);
        noData.remember(ms, tf, from, end);
    }

    /**
     * Gives the readers waiting on the machine their share of this market's backfill time: a pause in
     * proportion to the work since the previous page (load/BackfillYield), ending early when they
     * stop waiting. The newest candles' sync still runs when due meanwhile.
     */
    private void yieldToBusyMachine() throws InterruptedException {
        long start = monotonicMillis();
        long worked = start - lastPageStart;
        if (backfillYield.machineBusy()) {
            if (start - lastYieldLog >= YIELD_LOG_EVERY_MS) {
                lastYieldLog = start;
                LOG.info("{}: readers are waiting on the machine (pressure {}%); backfill pages yield {}% of their time,"
                        + " up to {} ms each (live candles do not)", market.exchange(),
                        Math.round(100 * backfillYield.busyShare()), Math.round(100 * backfillYield.yieldShare()),
                        backfillYield.maxWaitMillis());
            }
            long left;
            while (signals.running() && (left = backfillYield.pauseMillis(worked) - (monotonicMillis() - start)) > 0) {
                sync.syncIfDue();
                TimeUnit.MILLISECONDS.sleep(Math.min(YIELD_POLL_MS, left));
            }
            backfillYield.recordWait(monotonicMillis() - start);
        }
        lastPageStart = monotonicMillis();
    }

    private void afterPage() throws InterruptedException {
        logProgressIfDue();
        sync.syncIfDue();
    }

    /** One page, retried with backoff until it arrives whole or the worker stops. */
    private List<Candle> fetchWithRetry(MarketSymbol ms, Timeframe tf, long start, long end, int limit)
            throws InterruptedException {
        while (signals.running()) {
            try {
                List<Candle> page = client.fetch(ms.symbol(), tf, start, end, limit);
                backoff.reset();
                return page;
            } catch (MalformedResponseException e) {
                progress.fail(ms, tf, e.getMessage());
                pause(backoff.nextDelay(0), ms, tf, e.getMessage());
            } catch (ExchangeUnavailableException e) {
                progress.fail(ms, tf, e.getMessage());
                pause(backoff.nextDelay(e.retryAfterMillis()), ms, tf, e.getMessage());
            }
        }
        return null;
    }

    private void pause(long millis, MarketSymbol ms, Timeframe tf, String why) throws InterruptedException {
        LOG.warn("{} {}: page failed ({}); retrying in {} ms", ms, tf.label(), why, millis);
        signals.sleepUntil(monotonicMillis() + millis, false);
    }

    private void logProgressIfDue() {
        long now = monotonicMillis();
        if (now - lastProgressLog < PROGRESS_LOG_EVERY_MS) {
            return;
        }
        lastProgressLog = now;
        for (ProgressTracker.Progress p : progress.snapshot()) {
            if (p.exchange().equals(market.exchange()) && p.state() != ProgressTracker.State.DONE) {
                LOG.info("backfill {}:{} {}: {}/{} candles ({}%), ETA {} s", p.exchange(), p.symbol(), p.timeframe(),
                        p.done(), p.total(), p.percent(), p.etaSeconds() == null ? "?" : p.etaSeconds());
            }
        }
    }
}
