package io.cryptoflow.api.core;

import io.cryptoflow.api.api.CandleContext;
import io.cryptoflow.common.MarketSymbol;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@link CandleContext} of one candle page from api.db, with a fixed number of statements
 * per page (never one per candle): which series the market has, then, for those it has, the open
 * interest and funding rate per candle, the liquidation stream's connected ranges, the liquidation
 * sums per candle ({@link LiquidationSums}: kept per day partition, only new events summed) and the
 * funding events of the page's span. The rules, per candle opening at
 * {@code open} and closing at {@code close = open + tf}:
 * <ul>
 *   <li>liquidations: sums of the events with time in [open, close), per liquidated side; known only
 *       when one connected range of the stream holds [open, close - 1] whole, so a candle the stream
 *       was not connected for all along (before it connected, across a reconnect, the forming candle
 *       until its close is covered) is null; covered with no event is 0;</li>
 *   <li>open interest: the newest sample with time in (close - max(tf, {@link #OI_MAX_AGE}), close];
 *       none there: null (samples are 5-minute series, so three missed ones make it unknown; on long
 *       timeframes the newest sample within the candle);</li>
 *   <li>funding rate: the rate of the newest funding event with time in (open - {@link #FUNDING_MAX_AGE},
 *       open], i.e. the last rate settled before the candle opened (exchanges settle every 1-8 h, so a
 *       day without one means the series is not known there); funding events: those with time in
 *       [open, close), {@code []} when none while the rate is known, null when neither is known.</li>
 * </ul>
 * A market with none of the series (spot) costs one statement and gets nulls everywhere.
 */
public final class CandleContextReader {

    static final Duration OI_MAX_AGE = Duration.ofMinutes(15);
    static final Duration FUNDING_MAX_AGE = Duration.ofHours(24);

    private final LiquidationSums liquidations;
    /** The context of candles read here, kept exact for pages answered from memory. */
    private final KnownContexts knownContexts;

    public CandleContextReader(LiquidationSums liquidations) {
        this(liquidations, 8L << 20);
    }

    /** @param knownBytes bound on the heap the known contexts hold, roughly */
    public CandleContextReader(LiquidationSums liquidations, long knownBytes) {
        this.liquidations = liquidations;
        this.knownContexts = new KnownContexts(knownBytes);
    }

    KnownContexts known() {
        return knownContexts;
    }

    /**
     * The context of a page's candles (newest first, as memory holds them) from memory: NONE for a
     * market known without series, the known fragments for one with; null when memory cannot tell.
     */
    CandleContext fromMemory(CandleQuery q, java.util.List<io.cryptoflow.api.render.RenderedCandle> candles) {
        String stored = q.market().stored();
        if (withoutSources.containsKey(stored)) {
            return CandleContext.NONE;
        }
        return knownContexts.knownWithSources(stored) ? knownContexts.of(q.tf(), stored, candles) : null;
    }

    /** Whether memory may know this market's context (without series, or with them). */
    boolean mayKnow(MarketSymbol market) {
        return withoutSources.containsKey(market.stored()) || knownContexts.knownWithSources(market.stored());
    }

    /** Which series each market has, as of a replica stamp. */
    private record KnownSources(String stamp, ContextReads.Sources sources) {
    }

    private final java.util.concurrent.ConcurrentHashMap<MarketSymbol, KnownSources> knownSources =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** The context of the page {@code q} asks for (its newest {@code limit} candles). */
    public CandleContext read(ContextReads reads, CandleQuery q) {
        return read(reads, q, null);
    }

    /**
     * @param stamp the replica stamp the read transaction saw first (null: unknown): which series the
     *              market has is asked once per market and stamp, not once per page (three index
     *              probes per page, a tenth of a random read's CPU for a market without context)
     */
    public CandleContext read(ContextReads reads, CandleQuery q, String stamp) {
        MarketSymbol market = q.market();
        KnownSources known = stamp == null ? null : knownSources.get(market);
        ContextReads.Sources sources;
        if (known != null && known.stamp().equals(stamp)) {
            sources = known.sources();
        } else {
            sources = reads.sources(market);
            if (stamp != null) {
                knownSources.put(market, new KnownSources(stamp, sources));
            }
        }
        if (!sources.any() && stamp != null) {
            long rev = ReplicaChanges.sourceRevOf(stamp);
            // inside the key's compute: sourcesChanged marks the market before it removes it, so a
            // reading from before that change is either refused here or removed after
            withoutSources.compute(market.stored(), (k, was) -> rev >= sourcesFloor
                    && rev >= sourcesChangedAt.getOrDefault(k, Long.MIN_VALUE) ? Long.valueOf(rev) : was);
        }
        if (!sources.any()) {
            return CandleContext.NONE;
        }
        long rev = stamp == null ? -1 : ReplicaChanges.sourceRevOf(stamp);
        knownContexts.sawSources(market.stored(), rev);
        long tf = q.tf().millis();
        List<ContextReads.AtCandle> candles = reads.atCandles(q.tf(), market, q.fromInclusive(), q.toExclusive(),
                q.limit(), Math.max(tf, OI_MAX_AGE.toMillis()), FUNDING_MAX_AGE.toMillis());
        if (candles.isEmpty()) {
            return CandleContext.NONE;
        }
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (ContextReads.AtCandle c : candles) {
            first = Math.min(first, c.open());
            last = Math.max(last, c.open());
        }
        long end = last + tf;
        List<ContextReads.Connected> connected = sources.liquidations()
                ? merged(reads.connected(market, first, end - 1)) : List.of();
        Map<Long, double[]> sums = connected.isEmpty() ? Map.of() : liquidations.read(reads, market, q.tf(), first, end);
        Map<Long, List<CandleContext.FundingEvent>> funding = new HashMap<>();
        if (sources.funding()) {
            for (CandleContext.FundingEvent e : reads.fundingEvents(market, first, end)) {
                funding.computeIfAbsent(q.tf().openTimeOf(e.time()), k -> new ArrayList<>()).add(e);
            }
        }
        Map<Long, CandleContext.Values> values = new HashMap<>(candles.size() * 2);
        for (ContextReads.AtCandle c : candles) {
            double[] liq = holds(connected, c.open(), c.open() + tf - 1) ? sums.getOrDefault(c.open(), new double[4]) : null;
            List<CandleContext.FundingEvent> events = funding.get(c.open());
            if (events == null && c.fundingRate() != null) {
                events = List.of();
            }
            values.put(c.open(), new CandleContext.Values(
                    liq == null ? null : liq[0], liq == null ? null : liq[1],
                    liq == null ? null : liq[2], liq == null ? null : liq[3],
                    c.openInterest(), c.openInterestValue(), c.fundingRate(), events));
        }
        CandleContext context = CandleContext.of(values);
        knownContexts.offer(q.tf(), market.stored(), context, rev);
        return context;
    }

    /** Ranges oldest first with touching or overlapping ones joined (a reconnect within the same millisecond). */
    /**
     * Markets (stored names) seen without any context series at a revision {@link ReplicaChanges}
     * follows: their pages' context is {@link CandleContext#NONE} without asking api.db.
     */
    private final java.util.concurrent.ConcurrentHashMap<String, Long> withoutSources =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.ConcurrentHashMap<String, Long> sourcesChangedAt =
            new java.util.concurrent.ConcurrentHashMap<>();
    /** Readings from before this revision are not kept; MAX_VALUE until the change tracker starts. */
    private volatile long sourcesFloor = Long.MAX_VALUE;

    /** One of the market's context series changed at or before {@code rev}. */
    void sourcesChanged(String stored, long rev) {
        sourcesChangedAt.merge(stored, rev, Math::max);
        withoutSources.remove(stored);
    }

    /** The change tracker (re)starts at {@code rev}: readings from older snapshots are not kept. */
    void trustFrom(long rev) {
        sourcesFloor = Long.MAX_VALUE;
        withoutSources.clear();
        sourcesChangedAt.clear();
        knownContexts.trustFrom(rev);
        sourcesFloor = rev;
    }

    /** Forgets what it knew (api.db was rebuilt from another source). */
    public void clear() {
        knownSources.clear();
        knownContexts.clear();
        sourcesFloor = Long.MAX_VALUE;
        withoutSources.clear();
        sourcesChangedAt.clear();
    }

    static List<ContextReads.Connected> merged(List<ContextReads.Connected> ranges) {
        List<ContextReads.Connected> sorted = new ArrayList<>(ranges);
        sorted.sort(java.util.Comparator.comparingLong(ContextReads.Connected::from));
        List<ContextReads.Connected> out = new ArrayList<>();
        for (ContextReads.Connected r : sorted) {
            ContextReads.Connected prev = out.isEmpty() ? null : out.get(out.size() - 1);
            if (prev != null && r.from() <= prev.to() + 1) {
                out.set(out.size() - 1, new ContextReads.Connected(prev.from(), Math.max(prev.to(), r.to())));
            } else {
                out.add(r);
            }
        }
        return out;
    }

    private static boolean holds(List<ContextReads.Connected> ranges, long from, long to) {
        for (ContextReads.Connected r : ranges) {
            if (r.from() <= from && r.to() >= to) {
                return true;
            }
        }
        return false;
    }
}
