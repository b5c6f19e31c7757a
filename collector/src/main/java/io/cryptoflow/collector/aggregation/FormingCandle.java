package io.cryptoflow.collector.aggregation;

import io.cryptoflow.collector.exchange.Prices;
import io.cryptoflow.collector.exchange.Trade;
import io.cryptoflow.common.Candle;

/**
 * A candle being built from trades: OHLC, volumes, trade count and per-level footprint. A candle
 * whose trades were not all seen ({@link #partial}: trades began mid-candle, or a gap was not
 * recovered) keeps its OHLCV (merged with the kline's view) but renders its trade-derived sums as
 * unknown: taker volumes, delta, trade count and clusters null, never the sums of a part.
 */
final class FormingCandle {

    final long openTime;
    private long open;
    private long high;
    private long low;
    private long close;
    private long lastTradeTime = Long.MIN_VALUE;
    private long firstTradeTime = Long.MAX_VALUE;
    private double buy;
    private double sell;
    private long count;
    final LevelMap levels = new LevelMap();
    boolean dirty;
    boolean partial;

    FormingCandle(long openTime) {
        this.openTime = openTime;
    }

    void add(Trade t, long level) {
        long p = t.price();
        if (count == 0) {
            open = high = low = close = p;
            firstTradeTime = lastTradeTime = t.time();
        } else {
            if (p > high) {
                high = p;
            }
            if (p < low) {
                low = p;
            }
            // trades of a late batch can arrive out of order: open/close follow trade time
            if (t.time() >= lastTradeTime) {
                close = p;
                lastTradeTime = t.time();
            }
            if (t.time() < firstTradeTime) {
                open = p;
                firstTradeTime = t.time();
            }
        }
        if (t.takerBuy()) {
            buy += t.qty();
        } else {
            sell += t.qty();
        }
        count++;
        levels.add(level, t.qty(), t.takerBuy());
        dirty = true;
    }

    double volume() {
        return buy + sell;
    }

    Candle toCandle(long tick, boolean closed) {
        double b = Quantities.round8(buy);
        double s = Quantities.round8(sell);
        if (partial) {
            return new Candle(openTime, Prices.toDouble(open), Prices.toDouble(high), Prices.toDouble(low),
                    Prices.toDouble(close), Quantities.round8(buy + sell), null, null, null, null, null, closed);
        }
        return new Candle(openTime, Prices.toDouble(open), Prices.toDouble(high), Prices.toDouble(low),
                Prices.toDouble(close), Quantities.round8(buy + sell), b, s, Quantities.round8(buy - sell), count,
                ClusterJson.write(levels.sorted(), tick), closed);
    }
}
