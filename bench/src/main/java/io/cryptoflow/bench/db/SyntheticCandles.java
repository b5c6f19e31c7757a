package io.cryptoflow.bench.db;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.SplittableRandom;

/** Deterministic candle values and footprint clusters JSON for synthetic databases. */
public final class SyntheticCandles {

    private final SplittableRandom random;
    private final int levels;

    public SyntheticCandles(long seed, int levels) {
        this.random = new SplittableRandom(seed);
        this.levels = levels;
    }

    /** One candle row's values: open, high, low, close, volume, buy, sell, delta, trades, clusters. */
    public record Values(double open, double high, double low, double close, double volume, double buy, double sell,
                         double delta, long trades, String clusters) {

        /** Bytes of the row's payload: 9 numbers of 8 bytes plus the clusters text. */
        public long payloadBytes(String symbol) {
            return 9 * 8L + symbol.length() + (clusters == null ? 0 : clusters.length());
        }

        /**
         * Binds parameters 1..12 of a candle insert or upsert whose columns start (symbol, time, open,
         * high, low, close, volume, buy_volume, sell_volume, delta, trade_count, clusters); the caller binds the rest.
         */
        public void bind(PreparedStatement st, String symbol, long openTime) throws SQLException {
            st.setString(1, symbol);
            st.setLong(2, openTime);
            st.setDouble(3, open);
            st.setDouble(4, high);
            st.setDouble(5, low);
            st.setDouble(6, close);
            st.setDouble(7, volume);
            st.setDouble(8, buy);
            st.setDouble(9, sell);
            st.setDouble(10, delta);
            st.setLong(11, trades);
            st.setString(12, clusters);
        }
    }

    public Values next(double around) {
        double open = around * (1 + (random.nextDouble() - 0.5) / 100);
        double close = open * (1 + (random.nextDouble() - 0.5) / 100);
        double high = Math.max(open, close) * (1 + random.nextDouble() / 200);
        double low = Math.min(open, close) * (1 - random.nextDouble() / 200);
        double tick = Math.max(0.01, Math.pow(10, Math.floor(Math.log10((high - low) / Math.max(1, levels)))));
        StringBuilder json = new StringBuilder(levels * 40).append('{');
        double buyTotal = 0;
        double sellTotal = 0;
        long base = (long) Math.floor(low / tick);
        for (int i = 0; i < levels; i++) {
            double buy = Math.round(random.nextDouble() * 10_000) / 1000.0;
            double sell = Math.round(random.nextDouble() * 10_000) / 1000.0;
            buyTotal += buy;
            sellTotal += sell;
            if (i > 0) {
                json.append(',');
            }
            json.append('"').append(trim((base + i) * tick)).append("\":{\"buy\":").append(buy).append(",\"sell\":")
                    .append(sell).append('}');
        }
        json.append('}');
        double volume = buyTotal + sellTotal;
        return new Values(open, high, low, close, volume, buyTotal, sellTotal, buyTotal - sellTotal,
                10 + random.nextInt(5000), levels == 0 ? null : json.toString());
    }

    private static String trim(double price) {
        String s = java.math.BigDecimal.valueOf(price).setScale(2, java.math.RoundingMode.HALF_UP).stripTrailingZeros()
                .toPlainString();
        return s;
    }

    public SplittableRandom random() {
        return random;
    }
}
