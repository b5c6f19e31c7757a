package io.cryptoflow.collector.aggregation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptoflow.collector.exchange.Prices;
import io.cryptoflow.collector.store.DailySession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A UTC day's volume profile from its footprint clusters.
 *
 * <ul>
 *   <li>POC: the level with the most volume (on a tie, the lower price).</li>
 *   <li>VWAP: Σ level price × level volume / Σ volume, levels priced at their lower bound.</li>
 *   <li>Value area: start at the POC and add, one level at a time, the neighbour (above or below)
 *       with more volume, both on a tie, until at least 70 % of the volume is inside; VAH/VAL are
 *       the highest and lowest levels inside.</li>
 * </ul>
 */
public final class SessionCalculator {

    public static final double VALUE_AREA_SHARE = 0.70;

    private static final ObjectMapper JSON = new ObjectMapper();

    private SessionCalculator() {
    }

    /** From a clusters JSON object {@code {"<price>":{"buy":x,"sell":y}}}. */
    public static DailySession fromClustersJson(String symbol, LocalDate date, String clustersJson) {
        SortedMap<BigDecimal, Double> volumes = new TreeMap<>();
        if (clustersJson != null && !clustersJson.isBlank()) {
            try {
                JsonNode root = JSON.readTree(clustersJson);
                for (Map.Entry<String, JsonNode> e : root.properties()) {
                    double v = e.getValue().path("buy").asDouble() + e.getValue().path("sell").asDouble();
                    volumes.merge(new BigDecimal(e.getKey()), v, Double::sum);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("clusters are not valid JSON", e);
            }
        }
        return compute(symbol, date, volumes);
    }

    public static DailySession compute(String symbol, LocalDate date, SortedMap<BigDecimal, Double> volumeByLevel) {
        double[] prices = new double[volumeByLevel.size()];
        double[] volumes = new double[volumeByLevel.size()];
        int i = 0;
        for (var e : volumeByLevel.entrySet()) {
            prices[i] = e.getKey().doubleValue();
            volumes[i++] = e.getValue();
        }
        return compute(symbol, date, prices, volumes);
    }

    static DailySession compute(String symbol, LocalDate date, LevelMap.Levels levels, long tick) {
        double[] prices = new double[levels.size()];
        double[] volumes = new double[levels.size()];
        for (int i = 0; i < levels.size(); i++) {
            prices[i] = Prices.toDouble(levels.index()[i] * tick);
            volumes[i] = levels.buy()[i] + levels.sell()[i];
        }
        return compute(symbol, date, prices, volumes);
    }

    /** @param prices level prices, strictly ascending; @param volumes volume per level */
    static DailySession compute(String symbol, LocalDate date, double[] prices, double[] volumes) {
        int n = prices.length;
        double total = 0;
        double notional = 0;
        int poc = -1;
        for (int i = 0; i < n; i++) {
            total += volumes[i];
            notional += prices[i] * volumes[i];
            if (poc < 0 || volumes[i] > volumes[poc]) {
                poc = i;
            }
        }
        if (n == 0 || total <= 0) {
            return new DailySession(symbol, date.toString(), null, null, null, null, 0);
        }
        double target = total * VALUE_AREA_SHARE;
        int lo = poc;
        int hi = poc;
        double inside = volumes[poc];
        // relative epsilon: 70 % of a sum of doubles should count as reached when it is, up to rounding
        while (inside < target * (1 - 1e-12) && (lo > 0 || hi < n - 1)) {
            double up = hi + 1 < n ? volumes[hi + 1] : -1;
            double down = lo > 0 ? volumes[lo - 1] : -1;
            if (up > down) {
                inside += volumes[++hi];
            } else if (down > up) {
                inside += volumes[--lo];
            } else {
                inside += volumes[++hi] + volumes[--lo];
            }
        }
        return new DailySession(symbol, date.toString(), prices[poc], notional / total, prices[hi], prices[lo],
                Quantities.round8(total));
    }
}
