package io.cryptoflow.collector.aggregation;

import io.cryptoflow.collector.aggregation.OrderFlowMetrics;
import io.cryptoflow.common.Candle;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.Timeframe;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares Σ traded volume of each closed footprint candle with the exchange's kline volume. A
 * mismatch beyond the relative tolerance is counted in {@code cryptoflow.collector.klines.mismatch}
 * and logged; neither side is overwritten (klines and footprint own different columns).
 */
public final class KlineCrossCheck {

    private static final Logger LOG = LoggerFactory.getLogger(KlineCrossCheck.class);

    private final Map<MarketSymbol, TradeAggregator> aggregators;
    private final double tolerance;
    private final OrderFlowMetrics metrics;
    // kline syncs re-fetch the newest candles every pass: judge each closed candle once
    private final Map<String, Boolean> judged = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(256, 0.75f, false) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > 4096;
                }
            });

    public KlineCrossCheck(Map<MarketSymbol, TradeAggregator> aggregators, double tolerance, OrderFlowMetrics metrics) {
        this.aggregators = Map.copyOf(aggregators);
        this.tolerance = tolerance;
        this.metrics = metrics;
    }

    /** @return how many closed klines disagreed with the trades (klines without trade coverage are skipped) */
    public int check(MarketSymbol market, Timeframe tf, List<Candle> klines) {
        TradeAggregator agg = aggregators.get(market);
        if (agg == null) {
            return 0;
        }
        int mismatches = 0;
        for (Candle k : klines) {
            if (!k.closed()) {
                continue;
            }
            OptionalDouble traded = agg.closedVolume(tf, k.time());
            if (traded.isEmpty() || judged.putIfAbsent(market + "/" + tf + "/" + k.time(), Boolean.TRUE) != null) {
                continue;
            }
            double diff = Math.abs(traded.getAsDouble() - k.volume());
            if (diff > tolerance * Math.max(k.volume(), 1e-12)) {
                mismatches++;
                metrics.klineMismatch.inc();
                LOG.warn("{} {} {}: kline volume {} but trades sum to {} (diff {}); both kept as they are",
                        market, tf.label(), k.time(), k.volume(), traded.getAsDouble(), diff);
            }
        }
        return mismatches;
    }
}
