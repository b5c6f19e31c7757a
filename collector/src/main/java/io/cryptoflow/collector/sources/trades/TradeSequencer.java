package io.cryptoflow.collector.sources.trades;

import io.cryptoflow.collector.aggregation.AggregatorFeed;
import io.cryptoflow.collector.aggregation.OrderFlowMetrics;
import io.cryptoflow.collector.aggregation.TradeAggregator;
import io.cryptoflow.collector.aggregation.TradeRecorder;
import io.cryptoflow.collector.exchange.MalformedTradeException;
import io.cryptoflow.collector.exchange.Trade;
import io.cryptoflow.collector.store.TradeTail;
import io.cryptoflow.common.MarketSymbol;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts one market's trades into its aggregator exactly once and in order, across reconnects.
 *
 * <p>While catching up (after a reconnect, an id gap, a backfill hand-over or a restart's {@link #seed}) live trades
 * are buffered and the missed range is fetched over REST first: Binance pages {@code fromId = last + 1}
 * until it reaches the buffered live trades; the others take the exchange's recent trades newer than
 * the last seen time, asked from {@link #REST_TIME_SLACK_MS} earlier because an exchange's REST times
 * may be coarser than its stream's (Bitget: whole seconds over REST, milliseconds on the WebSocket).
 * Duplicates (REST/live overlap, snapshots) are dropped by id: the last id (Binance, contiguous) or
 * the ids applied in the last seconds ({@link RecentTradeIds}, others), never by time. If the buffer
 * overflows it is dropped: REST then simply pages further, so nothing is lost, only re-fetched.
 *
 * <p>Without contiguous ids nothing in a trade says whether REST and the live stream met, so a catch-up
 * goes live only once a REST answer reaches the oldest live trade buffered since the last
 * {@link #pause} (by id, or with a newer trade): a REST answer taken before the stream's subscription
 * took effect (Bybit subscribes by a message after the connection opens) would otherwise leave the
 * trades in between silently missing. With no live trade yet, the catch-up applies what REST gave,
 * waits for the first live trade (at most {@link #SUBSCRIPTION_SETTLE_MS}) and asks again. A drop
 * clears that buffer, so what it holds is always the current connection's.
 */
public final class TradeSequencer implements AggregatorFeed {

    private static final Logger LOG = LoggerFactory.getLogger(TradeSequencer.class);

    /**
     * How much older than the last trade seen a REST trade may look and still be new: a missed trade
     * happened at or after the last one seen, and a REST time truncated to the second (Bitget) is
     * at most 999 ms earlier than the real one; doubled for margin.
     */
    static final long REST_TIME_SLACK_MS = 2_000;
    /** How long applied ids are remembered; at least the slack, so every trade the slack lets in is judged by id. */
    static final long ID_RETENTION_MS = 10_000;
    /** REST answers that may fall short of the live stream's first trade before the trades between are recorded missing. */
    static final int JOIN_ATTEMPTS = 5;
    /**
     * How long after a catch-up starts (the connection opened) a subscription sent as a message has
     * surely taken effect: a REST answer asked later covers everything before the stream's first trade.
     */
    static final long SUBSCRIPTION_SETTLE_MS = 2_000;

    private final MarketSymbol market;
    private final boolean contiguous;
    private final TradeAggregator aggregator;
    private final OrderFlowMetrics metrics;
    private final int bufferLimit;
    private long subscriptionSettleMs = SUBSCRIPTION_SETTLE_MS;

    private long lastId = -1;
    private long lastTime = Long.MIN_VALUE;
    private final RecentTradeIds recentIds = new RecentTradeIds(ID_RETENTION_MS);
    /** Set by a hand-over (the archive holds every trade before it) or a seed (the last run stored or gapped them). */
    private long handOverTime = Long.MIN_VALUE;
    private boolean catchingUp;
    private boolean catchUpActive;
    private boolean heldForBackfill;
    /** Gaps recorded as what neither an archive import stored nor REST fetched (the gap before an unseeded first trade too). */
    final ImportAwareGaps importGaps;
    private final LiveTradeBuffer buffer = new LiveTradeBuffer();
    private final CatchUpProgress progress = new CatchUpProgress();
    private Runnable catchUpRequest = () -> { };
    private GapListener gapListener = (fromTime, toTime) -> { };
    private volatile TradeRecorder recorder = TradeRecorder.NONE;

    public TradeSequencer(MarketSymbol market, boolean contiguousIds, TradeAggregator aggregator,
                          OrderFlowMetrics metrics, int bufferLimit) {
        this.market = market;
        this.contiguous = contiguousIds;
        this.aggregator = aggregator;
        this.metrics = metrics;
        this.bufferLimit = bufferLimit;
        this.importGaps = new ImportAwareGaps(market);
    }

    /** Tests: a shorter {@link #SUBSCRIPTION_SETTLE_MS}. */
    TradeSequencer withSubscriptionSettle(long millis) {
        this.subscriptionSettleMs = millis;
        return this;
    }

    public MarketSymbol market() {
        return market;
    }

    @Override
    public TradeAggregator aggregator() {
        return aggregator;
    }

    /** Called when the sequencer needs a REST catch-up (an id gap in the live stream). */
    public synchronized void onCatchUpNeeded(Runnable request) {
        this.catchUpRequest = request;
    }

    /** Adds a listener (each one registered is told). */
    public synchronized void onUnrecoveredGap(GapListener listener) {
        this.gapListener = gapListener.andThen(listener);
    }

    /** Every trade accepted from now on (live, REST catch-up) is also kept raw by {@code recorder}. */
    public void recordTo(TradeRecorder recorder) {
        this.recorder = recorder;
    }

    /** Where this market's raw trades are kept (the archive import records through it too). */
    public TradeRecorder recorder() {
        return recorder;
    }

    public synchronized long lastId() {
        return lastId;
    }

    public synchronized long lastTime() {
        return lastTime;
    }

    @Override
    public synchronized boolean isCatchingUp() {
        return catchingUp;
    }

    /** A history import will say where to continue: buffer live trades until {@link #resumeAfter} or {@link #release}. */
    public synchronized void holdForBackfill() {
        heldForBackfill = true;
        catchingUp = true;
    }

    /** Hand-over from a backfill: continue right after this trade, fetching up to the live stream over REST. */
    public void resumeAfter(long id, long time) {
        Runnable request;
        synchronized (this) {
            lastId = id;
            lastTime = time;
            recentIds.clear();
            recentIds.add(id, time, time);
            handOverTime = time;
            catchingUp = true;
            heldForBackfill = false;
            request = catchUpRequest;
        }
        request.run();
    }

    /**
     * A restart: continue after the newest trade the last run stored, so the missed ones are fetched
     * over REST as after a cut (the last seconds' ids known, so a REST page repeating them adds none).
     */
    public synchronized void seed(TradeTail tail) {
        if (lastId < 0 && lastTime == Long.MIN_VALUE && !heldForBackfill) { // else a hand-over says where
            lastId = tail.newest().id();
            lastTime = tail.newest().time();
            tail.recent().forEach(t -> recentIds.add(t.id(), t.time(), lastTime));
            handOverTime = lastTime - REST_TIME_SLACK_MS / 2; // stored or recorded missing before; REST times cut to the second
            aggregator.markIncompleteThrough(lastTime);
        }
    }

    /** The backfill found no history to continue from: go live from the buffered trades. */
    public void release() {
        Runnable request;
        synchronized (this) {
            heldForBackfill = false;
            request = catchUpRequest;
        }
        request.run();
    }

    /**
     * The connection dropped or is being replaced: buffer live trades until {@link #catchUp} ran. Without
     * contiguous ids the previous connection's buffered trades are dropped (REST fetches them again):
     * the next connection's first trade is the one a REST answer must reach.
     */
    public synchronized void pause() {
        catchingUp = true;
        if (!contiguous) {
            buffer.clear();
        }
    }

    public synchronized void onLive(Trade t) {
        metrics.tradesReceived.mark();
        progress.live(t.id());
        if (catchingUp) {
            buffer(t);
            notifyAll(); // a catch-up may be waiting for the stream's first trade
            return;
        }
        if (contiguous && lastId >= 0 && t.id() > lastId + 1) {
            metrics.gaps.inc();
            LOG.warn("{}: aggTrade ids {}..{} missing in the live stream, fetching them over REST",
                    market, lastId + 1, t.id() - 1);
            catchingUp = true;
            buffer(t);
            catchUpRequest.run();
            return;
        }
        offer(t);
    }

    private void buffer(Trade t) {
        if (buffer.size() >= bufferLimit) {
            LOG.info("{}: live buffer full ({} trades) during catch-up; REST will page over them", market, bufferLimit);
            buffer.clear();
        }
        buffer.add(t);
    }

    /** Applies a trade unless it is a duplicate; in contiguous mode the caller checked continuity. */
    private boolean offer(Trade t) {
        if (lastId < 0 && lastTime == Long.MIN_VALUE) { // neither seeded nor handed over: a gap since the stored
            aggregator.markIncompleteThrough(t.time());
            importGaps.first(t.time(), recorder);
        }
        if (contiguous) {
            if (lastId >= 0 && t.id() <= lastId) {
                metrics.tradesDuplicate.inc();
                return false;
            }
            lastId = t.id();
            lastTime = Math.max(lastTime, t.time());
        } else {
            // older than the ids remembered: it was applied (or the hand-over's archive held it)
            boolean tooOld = t.time() < handOverTime || (lastTime != Long.MIN_VALUE && t.time() < lastTime - ID_RETENTION_MS);
            if (tooOld || recentIds.contains(t.id())) {
                metrics.tradesDuplicate.inc();
                return false;
            }
            lastTime = Math.max(lastTime, t.time());
            recentIds.add(t.id(), t.time(), lastTime);
            lastId = t.id();
        }
        aggregator.accept(t);
        recorder.record(market, t);
        return true;
    }

    /**
     * Fetches the missed range over REST, then replays the buffered live trades and goes live.
     * Blocks (HTTP, rate-limit waits); run it on a worker thread, never on the WebSocket's.
     */
    public void catchUp(RestTradeFetcher rest, Duration pageInterval, Duration minRetry, Duration maxRetry)
            throws InterruptedException {
        synchronized (this) {
            if (catchUpActive) {
                return; // the running one loops again if a new pause arrives before it ends
            }
            catchUpActive = true;
        }
        boolean done = false;
        try {
            while (!done) {
                runCatchUp(rest, pageInterval, minRetry, maxRetry);
                synchronized (this) {
                    if (!catchingUp || heldForBackfill) {
                        catchUpActive = false;
                        done = true;
                    }
                }
            }
        } finally {
            if (!done) {
                synchronized (this) {
                    catchUpActive = false;
                }
            }
        }
    }

    private void runCatchUp(RestTradeFetcher rest, Duration pageInterval, Duration minRetry, Duration maxRetry)
            throws InterruptedException {
        long retry = minRetry.toMillis();
        long attemptsAtHead = 0;
        int attemptsToJoin = 0;
        long startedNanos = System.nanoTime();
        progress.restart(); // only this thread (catchUpActive) uses what it resets
        while (true) {
            long afterId;
            long afterTime;
            synchronized (this) {
                if (!catchingUp || heldForBackfill) {
                    return;
                }
                if ((contiguous && lastId < 0) || (!contiguous && lastTime == Long.MIN_VALUE)) {
                    drainBufferAndGoLive(); // nothing seen yet: there is nothing to have missed
                    return;
                }
                afterId = lastId;
                afterTime = lastTime;
            }
            long restFrom = contiguous ? afterTime : Math.max(handOverTime, afterTime - REST_TIME_SLACK_MS);
            List<Trade> page;
            long askedNanos = System.nanoTime();
            try {
                page = rest.fetch(market.symbol(), afterId, restFrom);
                retry = minRetry.toMillis();
                if (!contiguous && page.size() >= rest.limit() && page.get(0).time() > restFrom && rest.pagesBackwards()) {
                    // asked from restFrom (the slack for whole-second REST times), but trades up to
                    // afterTime were seen: what the exchange cannot serve is missing from afterTime on
                    long seenUntil = afterTime;
                    page = BackwardTradePager.walk(market, rest, metrics,
                            (from, to) -> gapListener.unrecovered(Math.max(from, seenUntil), to), restFrom, page,
                            pageInterval, minRetry, maxRetry);
                }
            } catch (RestTradeFetcher.RetryLaterException e) {
                LOG.warn("{}: {}; waiting {} s before fetching missed trades", market, e.getMessage(), e.delay().toSeconds());
                Thread.sleep(Math.max(e.delay().toMillis(), retry));
                continue;
            } catch (IOException | MalformedTradeException e) {
                (e instanceof MalformedTradeException ? metrics.messagesRejected : metrics.restErrors).inc();
                LOG.warn("{}: fetching missed trades failed, retrying in {} ms: {}", market, retry, e.getMessage());
                Thread.sleep(retry);
                retry = Math.min(retry * 2, maxRetry.toMillis());
                continue;
            }
            synchronized (this) {
                int applied = applyRestPage(page, restFrom);
                progress.page(market, applied, page, lastId);
                boolean full = page.size() >= rest.limit();
                if (contiguous) {
                    if (!full || reachesBuffer()) {
                        if (drainBufferAndGoLive()) {
                            progress.logRecovered(market, contiguous);
                            return;
                        }
                        // REST is at its head yet live trades are ahead of it: give REST a moment, then accept the loss
                        if (!full && ++attemptsAtHead > 5) {
                            Trade first = buffer.peekFirst();
                            metrics.gaps.inc();
                            metrics.gapTradesLost.inc(first.id() - lastId - 1);
                            LOG.error("{}: aggTrade ids {}..{} are not served over REST; continuing without them",
                                    market, lastId + 1, first.id() - 1);
                            recorder.gap(market, lastTime, first.time());
                            lastId = first.id() - 1;
                            continue;
                        }
                    } else if (progress.losing(lastId) && goLiveLeavingHoleToArchive()) {
                        progress.logRecovered(market, contiguous);
                        return;
                    }
                } else {
                    // an exchange that pages backwards was walked back to its own end, which reported the rest
                    if (full && !page.isEmpty() && page.get(0).time() > afterTime && !rest.pagesBackwards()) {
                        metrics.gaps.inc();
                        LOG.warn("{}: trades from {} to {} are not served over REST (only the newest {}); "
                                + "left to the daily archive once published", market, java.time.Instant.ofEpochMilli(afterTime),
                                java.time.Instant.ofEpochMilli(page.get(0).time()), page.size());
                        gapListener.unrecovered(afterTime, page.get(0).time());
                    }
                    if (!buffer.isEmpty()) {
                        attemptsToJoin++;
                    }
                    if (joinsLive(page, askedNanos - startedNanos, attemptsToJoin)) {
                        progress.logRecovered(market, contiguous);
                        return;
                    }
                    if (buffer.isEmpty()) {
                        awaitFirstLiveTrade(startedNanos);
                        continue; // asked again at once: the answer must reach that trade
                    }
                }
            }
            Duration pause = rest.suggestedPause(System.currentTimeMillis());
            if (!pause.isZero()) {
                LOG.info("{}: REST weight above 75 % of the budget, pausing the catch-up {} ms", market, pause.toMillis());
            }
            Thread.sleep(Math.max(pageInterval.toMillis(), pause.toMillis()));
        }
    }

    /**
     * Non-contiguous, after a REST answer asked {@code askedAfterNanos} into the catch-up was applied:
     * goes live when it reached the oldest live trade buffered since the last pause (that trade's id, or
     * a newer trade), or, with no live trade, when it was asked {@link #SUBSCRIPTION_SETTLE_MS} or more
     * into the catch-up (a subscription has taken effect by then: a quiet market goes live). After
     * {@link #JOIN_ATTEMPTS} answers that fall short of a buffered trade (a REST that lags the stream),
     * the trades between are recorded missing and the stream goes live.
     */
    private boolean joinsLive(List<Trade> page, long askedAfterNanos, int attempt) {
        Trade first = buffer.peekFirst();
        if (first == null) {
            return askedAfterNanos >= subscriptionSettleMs * 1_000_000 && drainBufferAndGoLive();
        }
        boolean reached = page.stream().anyMatch(t -> t.id() == first.id() || t.time() > first.time());
        if (!reached && attempt < JOIN_ATTEMPTS) {
            return false;
        }
        if (!reached && first.time() > lastTime) {
            metrics.gaps.inc();
            LOG.warn("{}: REST did not reach the live stream's first trade (at {}) in {} answers; trades after {} "
                    + "recorded missing", market, java.time.Instant.ofEpochMilli(first.time()), attempt,
                    java.time.Instant.ofEpochMilli(lastTime));
            gapListener.unrecovered(lastTime, first.time());
        }
        drainBufferAndGoLive();
        return true;
    }

    /** Waits (monitor held by the caller, released while waiting) for a live trade, at most until the subscription settled. */
    private void awaitFirstLiveTrade(long startedNanos) throws InterruptedException {
        long until = startedNanos + subscriptionSettleMs * 1_000_000;
        long left;
        while (buffer.isEmpty() && catchingUp && !heldForBackfill && (left = until - System.nanoTime()) > 0) {
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** @param restFrom non-contiguous: older trades were seen before (the rest are judged by id) */
    private int applyRestPage(List<Trade> page, long restFrom) {
        int applied = 0;
        for (Trade t : page) {
            if (contiguous && lastId >= 0 && t.id() > lastId + 1) {
                // a hole in what the exchange itself serves: nothing more to fetch for it
                metrics.gaps.inc();
                metrics.gapTradesLost.inc(t.id() - lastId - 1);
                LOG.error("{}: aggTrade ids {}..{} missing from the REST answer too; continuing without them",
                        market, lastId + 1, t.id() - 1);
                recorder.gap(market, lastTime, t.time());
            }
            if (!contiguous && t.time() < restFrom) {
                continue;
            }
            if (offer(t)) {
                applied++;
            }
        }
        metrics.tradesRecovered.mark(applied);
        return applied;
    }

    /** REST cannot win: live from the oldest buffered trade on, the ids before it left to the daily archive. */
    private boolean goLiveLeavingHoleToArchive() {
        Trade first = buffer.peekFirst();
        if (first == null) {
            return false;
        }
        metrics.gaps.inc();
        LOG.warn("{}: REST catch-up at id {} is not gaining on the live stream (at id {}): going live, ids {}..{} "
                + "left to the daily archive", market, lastId, first.id(), lastId + 1, first.id() - 1);
        gapListener.unrecovered(lastTime, first.time());
        lastId = first.id() - 1;
        return drainBufferAndGoLive();
    }

    private boolean reachesBuffer() {
        Trade first = buffer.peekFirst();
        return first != null && first.id() <= lastId + 1;
    }

    /** Replays buffered live trades; false (still catching up) when they do not join what REST gave. */
    private boolean drainBufferAndGoLive() {
        while (!buffer.isEmpty()) {
            Trade t = buffer.peekFirst();
            if (contiguous && lastId >= 0 && t.id() > lastId + 1) {
                return false;
            }
            buffer.pollFirst();
            offer(t);
        }
        catchingUp = false;
        return true;
    }
}
