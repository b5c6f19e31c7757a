package io.cryptoflow.simulator.market;

import java.time.Clock;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the exchanges serve, derived from the trade tapes: klines of any interval that is a
 * whole number of minutes (aggregated from exactly the tapes' trades) and trade ranges. Nothing
 * exists after the clock's now; the newest kline is the forming one, aggregated up to now.
 */
public final class MarketData {

    private static final long GRANULE = 15 * TradeTape.MINUTE;

    private final Clock clock;
    private final Map<Venue, Map<String, TradeTape>> tapes;
    private final AggregateCache cache;
    private final Map<TradeTape, Integer> tapeIds = new IdentityHashMap<>();
    private final Map<TradeTape, OrderBookModel> books = new java.util.concurrent.ConcurrentHashMap<>();

    public MarketData(Clock clock, Map<Venue, Map<String, TradeTape>> tapes, int cacheEntries) {
        this.clock = clock;
        this.tapes = tapes;
        this.cache = new AggregateCache(cacheEntries);
        tapes.values().forEach(bySymbol -> bySymbol.values().forEach(t -> tapeIds.put(t, tapeIds.size())));
    }

    public long now() {
        return clock.millis();
    }

    public Clock clock() {
        return clock;
    }

    public Optional<TradeTape> tape(Venue venue, String symbol) {
        if (symbol == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(tapes.getOrDefault(venue, Map.of()).get(symbol.toUpperCase(Locale.ROOT)));
    }

    /** The true order book of {@code tape}'s market (created on first use; a pure function of time). */
    public OrderBookModel books(TradeTape tape) {
        return books.computeIfAbsent(tape, OrderBookModel::new);
    }

    /** The true order book of a market at {@code timeMs}, empty for an unknown market. */
    public Optional<OrderBook> book(Venue venue, String symbol, long timeMs) {
        return tape(venue, symbol).map(t -> books(t).bookAt(timeMs));
    }

    public List<String> symbols(Venue venue) {
        return List.copyOf(tapes.getOrDefault(venue, Map.of()).keySet());
    }

    /**
     * Klines with open time in [fromOpen, toOpen] (both aligned or not), oldest first, at most
     * {@code limit}; when {@code newest} the last {@code limit} of that range are returned instead.
     */
    public List<Kline> klines(TradeTape tape, long intervalMs, long fromOpen, long toOpen, int limit, boolean newest) {
        return klines(tape, intervalMs, 0, fromOpen, toOpen, limit, newest);
    }

    /**
     * Like {@link #klines(TradeTape, long, long, long, int, boolean)} on a grid shifted by
     * {@code offsetMs}: open times are {@code offsetMs + k * intervalMs} (Bitget's {@code 1D} bars
     * open at 00:00 UTC+8, i.e. 16:00 UTC: offset -8 h).
     */
    public List<Kline> klines(TradeTape tape, long intervalMs, long offsetMs, long fromOpen, long toOpen, int limit,
                              boolean newest) {
        long now = now();
        long first = Math.max(ceilTo(fromOpen - offsetMs, intervalMs), floorTo(tape.listedSinceMs() - offsetMs, intervalMs))
                + offsetMs;
        long last = Math.min(floorTo(toOpen - offsetMs, intervalMs), floorTo(now - offsetMs, intervalMs)) + offsetMs;
        List<Kline> out = new ArrayList<>();
        if (last < first || limit <= 0) {
            return out;
        }
        long count = (last - first) / intervalMs + 1;
        if (count > limit) {
            if (newest) {
                first = last - (long) (limit - 1) * intervalMs;
            } else {
                last = first + (long) (limit - 1) * intervalMs;
            }
        }
        for (long open = first; open <= last; open += intervalMs) {
            KlineAggregate agg = aggregate(tape, open, open + intervalMs, now);
            if (agg == null) {
                agg = flatBefore(tape, open);
            }
            if (agg != null) {
                out.add(new Kline(open, intervalMs, agg, open + intervalMs <= now));
            }
        }
        return out;
    }

    /** Aggregate of the tape's trades with time in [from, to) and time &lt;= now; null if none. */
    public KlineAggregate aggregate(TradeTape tape, long from, long to, long now) {
        KlineAggregate acc = null;
        long t = from;
        while (t < to) {
            long granuleStart = floorTo(t, GRANULE);
            if (t == granuleStart && granuleStart + GRANULE <= to) {
                acc = KlineAggregate.combine(acc, granule(tape, granuleStart, now));
                t = granuleStart + GRANULE;
            } else {
                long minuteEnd = floorTo(t, TradeTape.MINUTE) + TradeTape.MINUTE;
                acc = KlineAggregate.combine(acc, minute(tape, t / TradeTape.MINUTE, now));
                t = minuteEnd;
            }
        }
        return acc;
    }

    /** Like Binance: a candle without trades yet is flat at the previous close with zero volume. */
    private static KlineAggregate flatBefore(TradeTape tape, long open) {
        List<SimTrade> previous = tape.tradesOfMinute(Math.floorDiv(open, TradeTape.MINUTE) - 1);
        if (previous.isEmpty()) {
            return null;
        }
        SimTrade last = previous.get(previous.size() - 1);
        long p = last.priceUnits();
        return new KlineAggregate(p, p, p, p, 0, 0, 0, 0, 0, 0, last.aggId() + 1, last.aggId(), open, open);
    }

    private KlineAggregate granule(TradeTape tape, long start, long now) {
        boolean complete = start + GRANULE <= now;
        if (complete) {
            KlineAggregate cached = cache.get(tapeId(tape), start / GRANULE);
            if (cached != null) {
                return cached;
            }
        }
        KlineAggregate acc = null;
        for (long m = start / TradeTape.MINUTE; m < (start + GRANULE) / TradeTape.MINUTE; m++) {
            acc = KlineAggregate.combine(acc, minute(tape, m, now));
        }
        if (complete && acc != null) {
            cache.put(tapeId(tape), start / GRANULE, acc);
        }
        return acc;
    }

    private int tapeId(TradeTape tape) {
        Integer id = tapeIds.get(tape);
        if (id == null) {
            throw new IllegalArgumentException("tape does not belong to this market: " + tape.venue() + " "
                    + tape.spec().symbol());
        }
        return id;
    }

    private KlineAggregate minute(TradeTape tape, long minute, long now) {
        if (minute * TradeTape.MINUTE > now) {
            return null;
        }
        return tape.aggregateOfMinute(minute, now);
    }

    /** Trades with time in [fromMs, toMs] (inclusive) and not after now, oldest first, at most limit. */
    public List<SimTrade> tradesBetween(TradeTape tape, long fromMs, long toMs, int limit) {
        long now = now();
        long end = Math.min(toMs, now);
        List<SimTrade> out = new ArrayList<>();
        for (long m = Math.floorDiv(Math.max(fromMs, tape.listedSinceMs()), TradeTape.MINUTE);
             m * TradeTape.MINUTE <= end && out.size() < limit; m++) {
            for (SimTrade t : tape.tradesOfMinute(m)) {
                if (t.time() >= fromMs && t.time() <= end && out.size() < limit) {
                    out.add(t);
                }
            }
        }
        return out;
    }

    /** The newest {@code limit} trades with time &lt;= toMs (and &gt;= fromMs), oldest first. */
    public List<SimTrade> newestTradesUpTo(TradeTape tape, long fromMs, long toMs, int limit) {
        long end = Math.min(toMs, now());
        List<SimTrade> reversed = new ArrayList<>();
        long floor = Math.max(fromMs, tape.listedSinceMs());
        for (long m = Math.floorDiv(end, TradeTape.MINUTE); m * TradeTape.MINUTE + TradeTape.MINUTE > floor
                && reversed.size() < limit; m--) {
            List<SimTrade> minute = tape.tradesOfMinute(m);
            for (int i = minute.size() - 1; i >= 0 && reversed.size() < limit; i--) {
                SimTrade t = minute.get(i);
                if (t.time() <= end && t.time() >= fromMs) {
                    reversed.add(t);
                }
            }
        }
        List<SimTrade> out = new ArrayList<>(reversed.size());
        for (int i = reversed.size() - 1; i >= 0; i--) {
            out.add(reversed.get(i));
        }
        return out;
    }

    /** Trades with agg id &gt;= fromId that already happened, oldest first, at most limit. */
    public List<SimTrade> tradesFromId(TradeTape tape, long fromId, int limit) {
        long now = now();
        List<SimTrade> out = new ArrayList<>();
        for (long m = tape.minuteOfAggId(fromId); m * TradeTape.MINUTE <= now && out.size() < limit; m++) {
            for (SimTrade t : tape.tradesOfMinute(m)) {
                if (t.aggId() >= fromId && t.time() <= now && out.size() < limit) {
                    out.add(t);
                }
            }
        }
        return out;
    }

    static long floorTo(long t, long unit) {
        return Math.floorDiv(t, unit) * unit;
    }

    static long ceilTo(long t, long unit) {
        return -Math.floorDiv(-t, unit) * unit;
    }
}
