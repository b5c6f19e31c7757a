package io.cryptoflow.collector.sources.depth;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code cryptoflow.collector.depth.<EXCHANGE:SYMBOL>.resyncs | snapshots-written | missing-seconds |
 * known} (known: 1 while the book is known right), read from the markets' status.
 */
final class DepthMetrics {

    private DepthMetrics() {
    }

    static void register(MetricRegistry metrics, Supplier<List<DepthStatus>> statuses) {
        for (DepthStatus s : statuses.get()) {
            String base = "cryptoflow.collector.depth." + s.market();
            gauge(metrics, base + ".resyncs", statuses, s.market(), DepthStatus::resyncs);
            gauge(metrics, base + ".snapshots-written", statuses, s.market(), DepthStatus::written);
            gauge(metrics, base + ".missing-seconds", statuses, s.market(), DepthStatus::missing);
            gauge(metrics, base + ".known", statuses, s.market(), st -> st.known() ? 1L : 0L);
        }
    }

    private static void gauge(MetricRegistry metrics, String name, Supplier<List<DepthStatus>> statuses,
                              String market, java.util.function.ToLongFunction<DepthStatus> value) {
        metrics.remove(name);
        metrics.register(name, (Gauge<Long>) () -> statuses.get().stream().filter(st -> st.market().equals(market))
                .mapToLong(value).findFirst().orElse(0L));
    }
}
