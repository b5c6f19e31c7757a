package io.cryptoflow.collector.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptoflow.collector.store.CandleBatch;
import io.cryptoflow.common.Candle;
import io.cryptoflow.common.Timeframe;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Test oracle: the footprint computed independently in BigDecimal from the published trades. */
public final class Footprints {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Footprints() {
    }

    /** The newest version of each candle of {@code tf}, as the writer's upserts would leave it. */
    public static Map<Long, Candle> latest(Collection<CandleBatch> batches, Timeframe tf) {
        Map<Long, Candle> out = new TreeMap<>();
        batches.stream().filter(b -> b.timeframe() == tf).flatMap(b -> b.candles().stream())
                .forEach(c -> out.put(c.time(), c));
        return out;
    }

    /** Every candle's clusters sum to its volume and equal, per level and side, the trades'. */
    public static void assertMatchTrades(Map<Long, Candle> candles, List<RawTrade> trades, String tick, Timeframe tf)
            throws Exception {
        BigDecimal t = new BigDecimal(tick);
        Map<Long, Map<String, BigDecimal[]>> expected = new TreeMap<>();
        Map<Long, Long> counts = new HashMap<>();
        for (RawTrade r : trades) {
            String level = new BigDecimal(r.price()).divide(t, 0, RoundingMode.FLOOR).multiply(t)
                    .stripTrailingZeros().toPlainString();
            long open = tf.openTimeOf(r.time());
            BigDecimal[] bs = expected.computeIfAbsent(open, k -> new HashMap<>())
                    .computeIfAbsent(level, k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
            int side = r.takerBuy() ? 0 : 1;
            bs[side] = bs[side].add(new BigDecimal(r.qty()));
            counts.merge(open, 1L, Long::sum);
        }
        assertThat(candles.keySet()).isEqualTo(expected.keySet());
        for (Candle c : candles.values()) {
            JsonNode root = JSON.readTree(c.clusters());
            Map<String, BigDecimal[]> want = expected.get(c.time());
            Map<String, double[]> got = new TreeMap<>();
            double sum = 0;
            for (var e : root.properties()) {
                double b = e.getValue().get("buy").asDouble();
                double s = e.getValue().get("sell").asDouble();
                got.put(e.getKey(), new double[] {b, s});
                sum += b + s;
            }
            assertThat(sum).as("Σ clusters = volume of %d", c.time()).isCloseTo(c.volume(), within(1e-6));
            assertThat(got.keySet()).as("price levels of %d", c.time()).isEqualTo(want.keySet());
            want.forEach((level, bs) -> {
                assertThat(got.get(level)[0]).as("buy at %s", level).isCloseTo(bs[0].doubleValue(), within(1e-8));
                assertThat(got.get(level)[1]).as("sell at %s", level).isCloseTo(bs[1].doubleValue(), within(1e-8));
            });
            assertThat(c.tradeCount()).as("trades in %d", c.time()).isEqualTo(counts.get(c.time()));
        }
    }
}
