package io.cryptoflow.common;

import java.math.BigDecimal;

/**
 * One candle as stored in {@code candles_<minutes>}.
 *
 * <p>A value the project does not know is {@code null}, never 0: Bybit and Bitget klines carry no
 * taker volume and no trade count, so {@code buyVolume}, {@code sellVolume}, {@code delta} and
 * {@code tradeCount} are null on their candles until trades were seen (stored as SQL NULL, served
 * as JSON null).
 *
 * @param time       open time, epoch milliseconds
 * @param buyVolume  taker buy base volume, null when not known
 * @param sellVolume volume - buyVolume, null when not known
 * @param delta      buyVolume - sellVolume, null when not known
 * @param tradeCount trades in the candle, null when not known
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
        Double buyVolume,
        Double sellVolume,
        Double delta,
        Long tradeCount,
        String clusters,
        boolean closed) {

    /** A candle whose taker volumes and trade count are known. */
    public Candle(long time, double open, double high, double low, double close, double volume, double buyVolume,
                  double sellVolume, double delta, long tradeCount, String clusters, boolean closed) {
        this(time, open, high, low, close, volume, Double.valueOf(buyVolume), Double.valueOf(sellVolume),
                Double.valueOf(delta), Long.valueOf(tradeCount), clusters, closed);
    }

    /** A candle from a kline without taker volume or trade count: those stay unknown (null). */
    public static Candle withoutTaker(long time, double open, double high, double low, double close, double volume,
                                      boolean closed) {
        return new Candle(time, open, high, low, close, volume, null, null, null, null, null, closed);
    }

    /** True when taker volumes and trade count are known. */
    public boolean hasTaker() {
        return buyVolume != null && sellVolume != null && delta != null && tradeCount != null;
    }

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
