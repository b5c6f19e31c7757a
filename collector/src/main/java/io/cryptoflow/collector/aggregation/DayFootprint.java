package io.cryptoflow.collector.aggregation;

import io.cryptoflow.collector.exchange.Trade;
import io.cryptoflow.collector.store.CandleBatch;
import io.cryptoflow.collector.store.DailySession;
import io.cryptoflow.collector.store.WriteMode;
import io.cryptoflow.common.Candle;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.Timeframe;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The footprint of one whole UTC day built from an archive file: every candle of the given
 * timeframes inside the day, trades in any order. Nothing leaves it before the file was read to the
 * end, so a file that fails half-way writes nothing. Ranges whose trades neither the file nor the
 * exchange's REST holds ({@link #markUnseen}) make the candles overlapping them unknown, not partial sums.
 */
public final class DayFootprint {

    private static final long DAY_MS = 86_400_000L;

    private final MarketSymbol market;
    private final LocalDate day;
    private final long dayStart;
    private final long tick;
    /**
     * Per timeframe (by ordinal), the day's candles by their place in the day; null where no trade fell.
     * Every timeframe divides a day. An array, not a map by open time: seven lookups per trade of a
     * million-trade day made the map's boxing and compares a fifth of an archive import's CPU.
     */
    private final FormingCandle[][] candles = new FormingCandle[Timeframe.values().length][];
    /** The timeframes built, in {@link Timeframe} order. */
    private final Timeframe[] timeframes;
    private long outside;
    private final UnseenTrades unseen = new UnseenTrades();

    public DayFootprint(MarketSymbol market, LocalDate day, long tick) {
        this(market, day, tick, EnumSet.allOf(Timeframe.class));
    }

    /** @param timeframes the timeframes to build (those of the market's live aggregator) */
    public DayFootprint(MarketSymbol market, LocalDate day, long tick, Set<Timeframe> timeframes) {
        this.timeframes = EnumSet.copyOf(timeframes).toArray(Timeframe[]::new);
        this.market = market;
        this.day = day;
        this.dayStart = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        this.tick = tick;
        for (Timeframe tf : this.timeframes) {
            candles[tf.ordinal()] = new FormingCandle[(int) (DAY_MS / tf.millis())];
        }
    }

    /** @return false for a trade outside the day (counted, not added) */
    public boolean add(Trade t) {
        long inDay = t.time() - dayStart;
        if (inDay < 0 || inDay >= DAY_MS) {
            outside++;
            return false;
        }
        long level = Math.floorDiv(t.price(), tick);
        for (Timeframe tf : timeframes) {
            FormingCandle[] day = candles[tf.ordinal()];
            int slot = (int) (inDay / tf.millis());
            FormingCandle c = day[slot];
            if (c == null) {
                c = day[slot] = new FormingCandle(dayStart + slot * tf.millis());
            }
            c.add(t, level);
        }
        return true;
    }

    /**
     * Trades strictly between {@code fromMs} and {@code toMs} are in neither the file nor the REST
     * answer: the candles overlapping them are written with their trade-derived fields unknown.
     */
    public void markUnseen(long fromMs, long toMs) {
        unseen.add(fromMs, toMs);
    }

    /** Whether every trade of the day was added (no range marked unseen). */
    public boolean whole() {
        return !unseen.any();
    }

    public long outside() {
        return outside;
    }

    public List<CandleBatch> batches(WriteMode mode) {
        List<CandleBatch> out = new ArrayList<>();
        for (Timeframe tf : timeframes) {
            List<Candle> list = new ArrayList<>();
            for (FormingCandle c : candles[tf.ordinal()]) {
                if (c == null) {
                    continue;
                }
                c.partial = unseen.overlaps(c.openTime, c.openTime + tf.millis());
                list.add(c.toCandle(tick, true));
            }
            if (!list.isEmpty()) {
                out.add(new CandleBatch(market, tf, list, mode));
            }
        }
        return out;
    }

    public DailySession session() {
        FormingCandle d = candles[Timeframe.D1.ordinal()] == null ? null : candles[Timeframe.D1.ordinal()][0];
        if (d == null || !whole()) {
            // a day with unseen trades has no value area to speak of
            return new DailySession(market.stored(), day.toString(), null, null, null, null, 0);
        }
        return SessionCalculator.compute(market.stored(), day, d.levels.sorted(), tick);
    }
}
