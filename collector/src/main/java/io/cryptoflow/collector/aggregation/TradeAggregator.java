package io.cryptoflow.collector.aggregation;

import io.cryptoflow.collector.exchange.Prices;
import io.cryptoflow.collector.exchange.Trade;
import io.cryptoflow.collector.aggregation.OrderFlowMetrics;
import io.cryptoflow.collector.store.CandleBatch;
import io.cryptoflow.collector.store.DailySession;
import io.cryptoflow.collector.store.WriteMode;
import io.cryptoflow.common.Candle;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.Timeframe;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one market's trades into the forming candles of every timeframe at once. Only the
 * forming candle and the one just closed are kept per timeframe, so memory does not grow with the
 * trade rate or the run time; a candle that closes is rendered at once and held only until the
 * next {@link #drain()} (every flush interval). A trade for the just-closed candle (late delivery)
 * updates it and re-flushes it; an older one is counted in {@code trades.late} and dropped.
 *
 * <p>Prices are scaled longs and a level is {@code floorDiv(price, tick)}, so level keys are exact
 * decimals; quantities are summed as doubles and printed rounded to 8 decimals.
 *
 * <p>Thread-safe: streams add trades while the flusher drains.
 */
public final class TradeAggregator {

    private static final Logger LOG = LoggerFactory.getLogger(TradeAggregator.class);
    private static final Timeframe[] TFS = Timeframe.values();
    private static final int D1 = Timeframe.D1.ordinal();
    private static final int RECENT = 16;

    private final MarketSymbol market;
    private final WriteMode mode;
    /** By ordinal: the timeframes this market's footprints are built in. */
    private final boolean[] built = new boolean[TFS.length];
    private final OrderFlowMetrics metrics;
    private long tick;
    private final FormingCandle[] forming = new FormingCandle[TFS.length];
    private final FormingCandle[] justClosed = new FormingCandle[TFS.length];
    private final boolean[] closedPending = new boolean[TFS.length];
    private final List<List<Candle>> closedUnflushed = new ArrayList<>();
    private final List<DailySession> sessionsUnflushed = new ArrayList<>();
    private final long[][] recentOpen = new long[TFS.length][RECENT];
    private final double[][] recentVolume = new double[TFS.length][RECENT];
    private final int[] recentNext = new int[TFS.length];
    private final UnseenTrades unseen = new UnseenTrades();

    /** @param tick price level size (scaled, {@link Prices}); 0 = choose from the first trade's price */
    public TradeAggregator(MarketSymbol market, WriteMode mode, long tick, OrderFlowMetrics metrics) {
        this(market, mode, tick, metrics, EnumSet.allOf(Timeframe.class));
    }

    /** @param timeframes the timeframes to build footprints in (the others get none) */
    public TradeAggregator(MarketSymbol market, WriteMode mode, long tick, OrderFlowMetrics metrics,
                           Set<Timeframe> timeframes) {
        for (Timeframe tf : timeframes) {
            built[tf.ordinal()] = true;
        }
        this.market = market;
        this.mode = mode;
        this.tick = tick;
        this.metrics = metrics;
        for (long[] r : recentOpen) {
            java.util.Arrays.fill(r, Long.MIN_VALUE);
        }
        for (int i = 0; i < TFS.length; i++) {
            closedUnflushed.add(new ArrayList<>());
        }
    }

    public static TradeAggregator forMarket(MarketSymbol market, WriteMode mode, TickSizes ticks, OrderFlowMetrics metrics,
                                            Set<Timeframe> timeframes) {
        return new TradeAggregator(market, mode, ticks.configured(market.symbol()).orElse(0L), metrics, timeframes);
    }

    /** The timeframes this aggregator builds footprints in (an archive day is built in the same ones). */
    public Set<Timeframe> timeframes() {
        Set<Timeframe> out = EnumSet.noneOf(Timeframe.class);
        for (Timeframe tf : TFS) {
            if (built[tf.ordinal()]) {
                out.add(tf);
            }
        }
        return out;
    }

    public MarketSymbol market() {
        return market;
    }

    public synchronized long tick() {
        return tick;
    }

    /** Uses {@code scaledTick} unless a tick is already fixed (so history and live share price levels). */
    public synchronized long adoptTick(long scaledTick) {
        if (tick == 0) {
            tick = scaledTick;
        }
        return tick;
    }

    public synchronized void accept(Trade t) {
        if (tick == 0) {
            tick = TickSizes.automatic(t.price());
            LOG.info("{}: automatic footprint tick {}", market, Prices.format(tick));
        }
        long level = Math.floorDiv(t.price(), tick);
        boolean late = false;
        for (int i = 0; i < TFS.length; i++) {
            if (!built[i]) {
                continue;
            }
            long open = TFS[i].openTimeOf(t.time());
            FormingCandle c = forming[i];
            FormingCandle j = justClosed[i];
            // closeEndedBy (the clock) may close a candle before its last trades arrive: those trades
            // belong to that closed candle, never to a new one holding only them
            boolean forClosed = c == null ? j != null && open <= j.openTime : open < c.openTime;
            if (!forClosed && (c == null || open > c.openTime)) {
                if (c != null) {
                    close(i);
                }
                c = forming[i] = new FormingCandle(open);
                c.partial = unseen.overlaps(open, open + TFS[i].millis());
            } else if (forClosed) {
                if (j != null && j.openTime == open) {
                    j.add(t, level);
                    closedPending[i] = true;
                    remember(i, j);
                } else {
                    late = true;
                }
                continue;
            }
            c.add(t, level);
        }
        if (late) {
            metrics.tradesLate.inc();
        }
    }

    public synchronized void acceptAll(Iterable<Trade> trades) {
        for (Trade t : trades) {
            accept(t);
        }
    }

    private void close(int i) {
        FormingCandle c = forming[i];
        // the candle closed before may have taken late trades since the last drain: rendered before it
        // is replaced, or its stored version keeps only the trades it had when it first closed
        renderPending(i);
        // rendered now: between two drains (archive replay, REST catch-up) many candles can close
        closedUnflushed.get(i).add(c.toCandle(tick, true));
        if (i == D1) {
            sessionsUnflushed.add(session(c));
        }
        justClosed[i] = c;
        forming[i] = null;
        c.dirty = false;
        remember(i, c);
    }

    /** Renders the just-closed candle again (after it closed) when late trades or a gap changed it since. */
    private void renderPending(int i) {
        if (!closedPending[i]) {
            return;
        }
        FormingCandle j = justClosed[i];
        closedUnflushed.get(i).add(j.toCandle(tick, true));
        if (i == D1) {
            sessionsUnflushed.add(session(j));
        }
        closedPending[i] = false;
        j.dirty = false;
    }

    private void remember(int i, FormingCandle c) {
        int at = -1;
        for (int k = 0; k < RECENT; k++) {
            if (recentOpen[i][k] == c.openTime) {
                at = k;
            }
        }
        if (at < 0) {
            at = recentNext[i];
            recentNext[i] = (at + 1) % RECENT;
        }
        recentOpen[i][at] = c.openTime;
        recentVolume[i][at] = c.partial ? Double.NaN : c.volume();
    }

    /** Closes every forming candle whose period ended at or before {@code nowMs} (quiet markets). */
    public synchronized void closeEndedBy(long nowMs) {
        for (int i = 0; i < TFS.length; i++) {
            FormingCandle c = forming[i];
            if (c != null && c.openTime + TFS[i].millis() <= nowMs) {
                close(i);
            }
        }
    }

    /** Closes everything (end of an archive import or of a completed day range). */
    public synchronized void closeAll() {
        closeEndedBy(Long.MAX_VALUE);
    }

    /**
     * Trades start mid-candle (first live trade without a backfill before it): the candles containing
     * {@code timeMs} miss earlier trades, so their trade-derived sums are unknown and the kline
     * cross-check must not judge them.
     */
    public synchronized void markIncompleteThrough(long timeMs) {
        markUnseen(Long.MIN_VALUE, timeMs + 1);
    }

    /**
     * Trades strictly between {@code fromMs} and {@code toMs} were not seen (a gap REST could not
     * recover): every candle overlapping it is partial, and the ones held here are flushed again so.
     * An archive import (its own {@link DayFootprint}) or a later catch-up rewrites them whole.
     */
    public synchronized void markUnseen(long fromMs, long toMs) {
        unseen.add(fromMs, toMs);
        for (int i = 0; i < TFS.length; i++) {
            FormingCandle c = forming[i];
            if (c != null && !c.partial && UnseenTrades.overlap(fromMs, toMs, c.openTime, c.openTime + TFS[i].millis())) {
                c.partial = true;
                c.dirty = true;
            }
            FormingCandle j = justClosed[i];
            if (j != null && !j.partial && UnseenTrades.overlap(fromMs, toMs, j.openTime, j.openTime + TFS[i].millis())) {
                j.partial = true;
                closedPending[i] = true;
                remember(i, j);
            }
        }
    }

    /** Σ traded volume of a recently closed candle seen whole (the last 16 per timeframe), for the kline cross-check. */
    public synchronized OptionalDouble closedVolume(Timeframe tf, long openTime) {
        int i = tf.ordinal();
        for (int k = 0; k < RECENT; k++) {
            if (recentOpen[i][k] == openTime) {
                double v = recentVolume[i][k];
                return Double.isNaN(v) ? OptionalDouble.empty() : OptionalDouble.of(v);
            }
        }
        return OptionalDouble.empty();
    }

    /** What changed since the last drain: closed candles once (again after a late trade), dirty forming ones. */
    public synchronized Flush drain() {
        List<CandleBatch> batches = new ArrayList<>(TFS.length);
        for (int i = 0; i < TFS.length; i++) {
            renderPending(i);
        }
        List<DailySession> sessions = new ArrayList<>(sessionsUnflushed);
        sessionsUnflushed.clear();
        for (int i = 0; i < TFS.length; i++) {
            List<Candle> candles = new ArrayList<>(closedUnflushed.get(i));
            closedUnflushed.get(i).clear();
            FormingCandle c = forming[i];
            if (c != null && c.dirty) {
                candles.add(c.toCandle(tick, false));
                c.dirty = false;
                if (i == D1) {
                    sessions.add(session(c));
                }
            }
            if (!candles.isEmpty()) {
                batches.add(new CandleBatch(market, TFS[i], candles, mode));
            }
        }
        return new Flush(batches, sessions);
    }

    private DailySession session(FormingCandle day) {
        LocalDate date = Instant.ofEpochMilli(day.openTime).atZone(ZoneOffset.UTC).toLocalDate();
        return SessionCalculator.compute(market.stored(), date, day.levels.sorted(), tick);
    }

    /** How many candles are held in memory (forming + just closed), for the boundedness check. */
    synchronized int heldCandles() {
        int n = 0;
        for (int i = 0; i < TFS.length; i++) {
            n += (forming[i] == null ? 0 : 1) + (justClosed[i] == null ? 0 : 1);
        }
        return n;
    }

    /** Candles and sessions to hand to the writer, in that order. */
    public record Flush(List<CandleBatch> batches, List<DailySession> sessions) {
        public boolean isEmpty() {
            return batches.isEmpty() && sessions.isEmpty();
        }
    }
}
