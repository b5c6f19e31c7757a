package io.cryptoflow.simulator.market;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The deterministic trade tape of one symbol on one venue: a pure function of (seed, venue, symbol,
 * minute). Every minute from the listing minute on holds a fixed number of agg trades (the history
 * rate before {@code liveFromMinute}, the live rate after it), so agg ids are gap-free and can be
 * mapped back to their minute without scanning.
 */
public final class TradeTape {

    /** One trade in this many is a liquidation (a hash of the trade decides which). */
    static final int LIQUIDATION_ONE_IN = 40;
    private static final long LIQUIDATION_SALT = 0x6C69717569646174L;

    static final long MINUTE = 60_000L;
    /** Log-normal quantity multipliers (64 quantiles), so the hot path needs no exp(). */
    private static final double[] QTY_FACTORS = new double[64];
    private static final double[] PRICE_UNITS = {1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};

    static {
        for (int i = 0; i < QTY_FACTORS.length; i++) {
            double u = (i + 0.5) / QTY_FACTORS.length;
            // Logistic approximation of the normal quantile; precise enough for trade sizes.
            double z = StrictMath.log(u / (1 - u)) / 1.702;
            QTY_FACTORS[i] = StrictMath.exp(0.9 * z);
        }
    }

    private final Venue venue;
    private final SymbolSpec spec;
    private final long tapeSeed;
    private final PricePath path;
    private final long listingMinute;
    private final long liveFromMinute;
    private final int historyPerMinute;
    private final int livePerMinute;
    private final TradeBursts bursts;

    public TradeTape(long seed, Venue venue, SymbolSpec spec, long listedSinceMs, long liveFromMs,
                     int historyPerMinute, int livePerMinute) {
        this(seed, venue, spec, listedSinceMs, liveFromMs, historyPerMinute, livePerMinute, TradeBursts.NONE);
    }

    /** As above, with {@code bursts} on the live part of the tape. */
    public TradeTape(long seed, Venue venue, SymbolSpec spec, long listedSinceMs, long liveFromMs,
                     int historyPerMinute, int livePerMinute, TradeBursts bursts) {
        if (historyPerMinute < 1 || livePerMinute < 1) {
            throw new IllegalArgumentException("trade rates must be at least 1 per minute");
        }
        this.venue = venue;
        this.spec = spec;
        long symbolSeed = Hashing.mix(seed, Hashing.of(spec.symbol()));
        this.tapeSeed = Hashing.mix(symbolSeed, Hashing.of(venue.name()));
        this.path = new PricePath(spec.basePrice(), symbolSeed, tapeSeed);
        this.listingMinute = Math.floorDiv(listedSinceMs, MINUTE);
        this.liveFromMinute = Math.max(listingMinute, Math.floorDiv(liveFromMs, MINUTE));
        this.historyPerMinute = historyPerMinute;
        this.livePerMinute = livePerMinute;
        this.bursts = bursts;
    }

    public Venue venue() {
        return venue;
    }

    public SymbolSpec spec() {
        return spec;
    }

    public long listedSinceMs() {
        return listingMinute * MINUTE;
    }

    /** The mid price the tape trades around at {@code timeMs} (no trade needed). */
    public double midAt(long timeMs) {
        return path.midAt(timeMs);
    }

    /** This tape's own seed, for series derived from it ({@link DerivativesSeries}). */
    long seed() {
        return tapeSeed;
    }

    int perMinute(long minute) {
        if (minute < liveFromMinute) {
            return historyPerMinute;
        }
        return livePerMinute + (isBurst(minute) ? bursts.extraPerBurst() : 0);
    }

    /** Whether {@code minute} carries a burst (live minutes only: history stays cheap to backfill). */
    boolean isBurst(long minute) {
        return minute >= liveFromMinute && bursts.isBurstMinute(minute);
    }

    /** Number of agg trades in all minutes before {@code minute}. */
    long aggCountBefore(long minute) {
        if (minute <= listingMinute) {
            return 0;
        }
        if (minute <= liveFromMinute) {
            return (minute - listingMinute) * historyPerMinute;
        }
        return (liveFromMinute - listingMinute) * historyPerMinute + (minute - liveFromMinute) * livePerMinute
                + bursts.burstMinutesIn(liveFromMinute, minute) * bursts.extraPerBurst();
    }

    /** First agg id of the tape is 1. */
    public long firstAggIdOf(long minute) {
        return 1 + aggCountBefore(minute);
    }

    /** The minute (epoch minute) holding agg id {@code aggId}; ids below 1 map to the listing minute. */
    public long minuteOfAggId(long aggId) {
        long index = Math.max(0, aggId - 1);
        long historyTrades = (liveFromMinute - listingMinute) * historyPerMinute;
        if (index < historyTrades) {
            return listingMinute + index / historyPerMinute;
        }
        long steady = liveFromMinute + (index - historyTrades) / livePerMinute;
        if (!bursts.any()) {
            return steady;
        }
        // Bursts only add trades, so the minute is at or before the steady estimate: the last minute
        // whose first index is <= index, by bisection over the closed-form count.
        long lo = liveFromMinute;
        long hi = steady;
        while (lo < hi) {
            long mid = lo + (hi - lo + 1) / 2;
            if (aggCountBefore(mid) <= index) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** Bybit-style trade id (a UUID) of an agg trade; the same in the WebSocket feed and the archive. */
    public String tradeUuid(long aggId) {
        long high = (Hashing.mix(tapeSeed, aggId) & ~0xF000L) | 0x4000L;
        long low = 0x8000000000000000L | (aggId & 0x3FFFFFFFFFFFFFFFL);
        return new java.util.UUID(high, low).toString();
    }

    /** Id of the newest trade at or before {@code timeMs}; 0 when there is none yet. */
    public long lastAggIdAtOrBefore(long timeMs) {
        long minute = Math.floorDiv(timeMs, MINUTE);
        if (minute < listingMinute) {
            return 0;
        }
        long last = firstAggIdOf(minute) - 1;
        for (SimTrade t : tradesOfMinute(minute)) {
            if (t.time() <= timeMs) {
                last = t.aggId();
            }
        }
        return last;
    }

    /** Receives generated trades without allocating a {@link SimTrade} per trade. */
    interface TradeSink {
        /** Return false to stop generating (the remaining trades of the minute are later in time). */
        boolean accept(long aggId, long firstId, long lastId, long time, long priceUnits, long qtyUnits,
                       boolean buyerMaker);
    }

    /** All trades of one epoch minute (empty before listing), oldest first. */
    public List<SimTrade> tradesOfMinute(long minute) {
        List<SimTrade> trades = new ArrayList<>(minute < listingMinute ? 0 : perMinute(minute));
        generate(minute, (a, f, l, t, p, q, m) -> trades.add(new SimTrade(a, f, l, t, p, q, m)));
        return trades;
    }

    /**
     * The liquidations of one epoch minute, oldest first: about one trade in {@value #LIQUIDATION_ONE_IN}
     * (chosen by a hash of the trade, so deterministic) is a forced order; a taker sell closes a long.
     */
    public List<SimLiquidation> liquidationsOfMinute(long minute) {
        List<SimLiquidation> out = new ArrayList<>();
        generate(minute, (a, f, l, t, p, q, m) -> {
            if (Math.floorMod(Hashing.mix(tapeSeed ^ LIQUIDATION_SALT, a), LIQUIDATION_ONE_IN) == 0) {
                out.add(new SimLiquidation(a, t, p, q, m));
            }
            return true;
        });
        return out;
    }

    /** Liquidations with {@code fromMs <= time < toMs}, oldest first. */
    public List<SimLiquidation> liquidations(long fromMs, long toMs) {
        List<SimLiquidation> out = new ArrayList<>();
        for (long minute = Math.floorDiv(fromMs, MINUTE); minute * MINUTE < toMs; minute++) {
            for (SimLiquidation l : liquidationsOfMinute(minute)) {
                if (l.time() >= fromMs && l.time() < toMs) {
                    out.add(l);
                }
            }
        }
        return out;
    }

    /** Aggregate of the minute's trades with time &lt;= {@code now}; null when there are none. */
    KlineAggregate aggregateOfMinute(long minute, long now) {
        MinuteAccumulator acc = new MinuteAccumulator();
        generate(minute, (a, f, l, t, p, q, m) -> {
            if (t > now) {
                return false;
            }
            acc.add(a, f, l, t, p, q, m);
            return true;
        });
        return acc.result();
    }

    /** The single source of every trade: a pure function of (seed, venue, symbol, minute). */
    void generate(long minute, TradeSink sink) {
        if (minute < listingMinute) {
            return;
        }
        int n = perMinute(minute);
        SplittableRandom rnd = new SplittableRandom(Hashing.mix(tapeSeed, minute));
        long startMs = minute * MINUTE;
        long[] offsets = isBurst(minute) ? burstOffsets(rnd) : stratified(rnd, n, 0, MINUTE);
        long aggId = firstAggIdOf(minute);
        // Two raw trades per agg trade on average, split unevenly within each pair so ids stay gap-free.
        long rawId = 2 * aggCountBefore(minute) + 1;
        double unit = PRICE_UNITS[spec.priceScale()];
        int pairShift = 0;
        // The price path is evaluated at the minute's edges only; trades interpolate between them.
        double midStart = midAtMinuteEdge(startMs);
        double midEnd = midAtMinuteEdge(startMs + MINUTE);
        for (int i = 0; i < n; i++) {
            int raw;
            if (i == n - 1 && n % 2 == 1) {
                raw = 2;
            } else if (i % 2 == 0) {
                pairShift = rnd.nextInt(3);
                raw = 1 + pairShift;
            } else {
                raw = 3 - pairShift;
            }
            long t = startMs + offsets[i];
            double mid = midStart + (midEnd - midStart) * offsets[i] / MINUTE;
            double price = mid * (1 + 0.0004 * gaussian(rnd));
            long priceUnits = Math.max(1, Math.round(price * unit));
            long qtyUnits = Math.max(1, Math.round(spec.typicalQtyUnits() * QTY_FACTORS[rnd.nextInt(QTY_FACTORS.length)]));
            boolean buyerMaker = rnd.nextInt(100) < 49;
            if (!sink.accept(aggId + i, rawId, rawId + raw - 1, t, priceUnits, qtyUnits, buyerMaker)) {
                return;
            }
            rawId += raw;
        }
    }

    /**
     * Stratified offsets: trade i falls in the i-th of {@code n} slices of {@code [from, from + span)},
     * so they come out sorted.
     */
    private static long[] stratified(SplittableRandom rnd, int n, long from, long span) {
        long[] offsets = new long[n];
        for (int i = 0; i < n; i++) {
            long lo = i * span / n;
            long hi = (i + 1) * span / n;
            offsets[i] = from + (hi > lo ? lo + rnd.nextLong(hi - lo) : lo);
        }
        return offsets;
    }

    /** A burst minute: the steady live trades over the whole minute merged with the burst's inside its window. */
    private long[] burstOffsets(SplittableRandom rnd) {
        long[] steady = stratified(rnd, livePerMinute, 0, MINUTE);
        long[] burst = stratified(rnd, bursts.extraPerBurst(), bursts.windowStartMs(), bursts.windowMs());
        long[] merged = new long[steady.length + burst.length];
        int a = 0;
        int b = 0;
        for (int i = 0; i < merged.length; i++) {
            merged[i] = b >= burst.length || (a < steady.length && steady[a] <= burst[b]) ? steady[a++] : burst[b++];
        }
        return merged;
    }

    /** Mutable running aggregate of one minute, same arithmetic as {@link KlineAggregate#of}. */
    private static final class MinuteAccumulator {
        private long count;
        private long open;
        private long high = Long.MIN_VALUE;
        private long low = Long.MAX_VALUE;
        private long close;
        private long volume;
        private long buyVolume;
        private long quote;
        private long buyQuote;
        private long raw;
        private long firstId;
        private long lastId;
        private long firstTime;
        private long lastTime;

        void add(long aggId, long f, long l, long t, long p, long q, boolean buyerMaker) {
            if (count++ == 0) {
                open = p;
                firstId = aggId;
                firstTime = t;
            }
            high = Math.max(high, p);
            low = Math.min(low, p);
            close = p;
            volume += q;
            quote += p * q;
            if (!buyerMaker) {
                buyVolume += q;
                buyQuote += p * q;
            }
            raw += l - f + 1;
            lastId = aggId;
            lastTime = t;
        }

        KlineAggregate result() {
            return count == 0 ? null : new KlineAggregate(open, high, low, close, volume, buyVolume, quote, buyQuote,
                    raw, count, firstId, lastId, firstTime, lastTime);
        }
    }

    private record Edge(long time, double mid) {
    }

    /** Last evaluated minute edge: minute m's end is minute m+1's start, so sequential scans price each edge once. */
    private volatile Edge lastEdge;

    private double midAtMinuteEdge(long time) {
        Edge edge = lastEdge;
        if (edge != null && edge.time() == time) {
            return edge.mid();
        }
        double mid = path.midAt(time);
        lastEdge = new Edge(time, mid);
        return mid;
    }

    /** Roughly normal, from one random long: sum of four 16-bit uniforms (Irwin-Hall), mean 0, sd 1. */
    private static double gaussian(SplittableRandom rnd) {
        long r = rnd.nextLong();
        long sum = (r & 0xFFFF) + ((r >>> 16) & 0xFFFF) + ((r >>> 32) & 0xFFFF) + (r >>> 48);
        return (sum / 65536.0 - 2.0) / 0.5773502691896258;
    }
}
