package io.cryptoflow.e2e.trades;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptoflow.common.Timeframe;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per candle of one timeframe wholly inside a compared range: the served trades add up to what
 * {@code /api/candles} serves for it — the footprint's buy and sell sums, volume, buy and sell volume,
 * delta and trade count. Candles whose trades are incomplete ({@code tradesComplete:false}) are
 * skipped, and must be exactly those a missing range touches.
 */
final class CandleTotals {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double EPSILON = 1e-6;
    /** Candles asked per request: below the API's largest limit (5000). */
    private static final int CANDLES_PER_REQUEST = 2000;

    /** Sums of the served trades of one candle. */
    private static final class Sums {
        BigDecimal buy = BigDecimal.ZERO;
        BigDecimal sell = BigDecimal.ZERO;
        long count;
    }

    /** How many candles were compared whole (of them with trades), and how many were partial. */
    record Checked(int complete, int partial, int trading) {
    }

    private CandleTotals() {
    }

    /**
     * @param apiBase {@code http://host:port/api/candles?exchange=..&symbol=..}
     * @param from    the compared range's start, a day start (every timeframe's candle boundary)
     * @param to      the compared range's last millisecond (every trade up to it is served or missing)
     * @param countsFills the candle's trade count is the kline's (Binance): it counts the fills an
     *                    aggregate trade groups, so it is at least the number of served trades
     */
    static Checked check(String apiBase, Timeframe tf, ServedTrades served, long from, long to, boolean countsFills)
            throws Exception {
        Map<Long, Sums> byOpen = new HashMap<>();
        for (ServedTrades.Trade t : served.trades()) {
            Sums s = byOpen.computeIfAbsent(tf.openTimeOf(t.time()), k -> new Sums());
            if (t.side().equals("buy")) {
                s.buy = s.buy.add(t.qty());
            } else {
                s.sell = s.sell.add(t.qty());
            }
            s.count++;
        }
        long lastWholeOpen = tf.openTimeOf(to + 1) - tf.millis();
        int complete = 0;
        int partial = 0;
        int trading = 0;
        for (long page = from; page <= lastWholeOpen; page += CANDLES_PER_REQUEST * tf.millis()) {
            long pageTo = Math.min(lastWholeOpen, page + (CANDLES_PER_REQUEST - 1) * tf.millis());
            JsonNode candles = JSON.readTree(ServedTrades.get(apiBase + "&tf=" + tf.label() + "&from=" + page + "&to=" + pageTo
                    + "&limit=" + CANDLES_PER_REQUEST).body()).get("candles");
            for (JsonNode c : candles) {
                long open = c.get("time").asLong();
                String what = tf.label() + " candle " + open;
                boolean touched = served.missing().stream().anyMatch(m -> m.touches(open, open + tf.millis()));
                assertThat(c.get("tradesComplete").asBoolean()).as("%s complete unless a missing range touches it", what).isEqualTo(!touched);
                Sums s = byOpen.remove(open);
                if (touched) {
                    partial++;
                    continue;
                }
                s = s == null ? new Sums() : s;
                complete++;
                trading += s.count > 0 ? 1 : 0;
                BigDecimal clusterBuy = BigDecimal.ZERO;
                BigDecimal clusterSell = BigDecimal.ZERO;
                for (JsonNode level : c.get("clusters")) {
                    clusterBuy = clusterBuy.add(level.get("buy").decimalValue());
                    clusterSell = clusterSell.add(level.get("sell").decimalValue());
                }
                assertClose(clusterBuy, s.buy, what + " footprint buys");
                assertClose(clusterSell, s.sell, what + " footprint sells");
                assertClose(c.get("volume").decimalValue(), s.buy.add(s.sell), what + " volume");
                assertClose(c.get("buyVolume").decimalValue(), s.buy, what + " buyVolume");
                assertClose(c.get("sellVolume").decimalValue(), s.sell, what + " sellVolume");
                assertClose(c.get("delta").decimalValue(), s.buy.subtract(s.sell), what + " delta");
                if (countsFills) {
                    assertThat(c.get("tradeCount").asLong()).as(what + " tradeCount (fills) vs aggregate trades").isGreaterThanOrEqualTo(s.count);
                } else {
                    assertThat(c.get("tradeCount").asLong()).as(what + " tradeCount").isEqualTo(s.count);
                }
            }
        }
        byOpen.keySet().removeIf(open -> open < from || open > lastWholeOpen);
        assertThat(byOpen.keySet()).as("%s candles with served trades but none served", tf.label()).isEmpty();
        return new Checked(complete, partial, trading);
    }

    private static void assertClose(BigDecimal served, BigDecimal trades, String what) {
        assertThat(served.subtract(trades).abs().doubleValue()).as("%s: served %s, trades add up to %s", what, served, trades)
                .isLessThan(EPSILON);
    }
}
