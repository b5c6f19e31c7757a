package io.cryptoflow.common;

import java.math.BigDecimal;

/**
 * One candle as stored in {@code candles_<minutes>}.
 *
 * @param time       open time, epoch milliseconds
 * @param buyVolume  taker buy base volume
 * @param sellVolume volume - buyVolume
 * @param delta      buyVolume - sellVolume
 * @param clusters   footprint JSON text ({@code {"<price>":{"buy":x,"sell":y}}}) or null
 * @param closed     false while the candle is still forming
 */
public record Candle(
        long time,
        double open,
        double high,
        double low,
        double close,
        double volume,
        double buyVolume,
        double sellVolume,
        double delta,
        long tradeCount,
        String clusters,
        boolean closed) {

    /**
     * A candle whose sell volume and delta are derived from volume and taker buy volume. The
     * subtraction is done in decimal so that 55.426 - 27.934 is stored as 27.492, not as
     * 27.491999999999997.
     */
    public static Candle fromTakerBuy(long time, double open, double high, double low, double close,
                                      double volume, double buyVolume, long tradeCount, boolean closed) {
        BigDecimal buy = BigDecimal.valueOf(buyVolume);
        BigDecimal sell = BigDecimal.valueOf(volume).subtract(buy);
        return new Candle(time, open, high, low, close, volume, buyVolume, sell.doubleValue(),
                buy.subtract(sell).doubleValue(), tradeCount, null, closed);
    }

    public Candle withClusters(String json) {
        return new Candle(time, open, high, low, close, volume, buyVolume, sellVolume, delta,
                tradeCount, json, closed);
    }
}
