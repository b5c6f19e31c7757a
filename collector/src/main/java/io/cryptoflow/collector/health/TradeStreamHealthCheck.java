package io.cryptoflow.collector.health;

import com.codahale.metrics.health.HealthCheck;
import io.cryptoflow.collector.sources.trades.TradeStream;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Unhealthy while an enabled trade stream is disconnected (it reconnects by itself; this shows it),
 * except a stream whose exchange refuses this location: that is no fault of the collector and the
 * other markets work, so it is reported in the details (and on {@code /progress}), not as unhealthy.
 */
public final class TradeStreamHealthCheck extends HealthCheck {

    private final List<TradeStream> streams;

    public TradeStreamHealthCheck(List<TradeStream> streams) {
        this.streams = List.copyOf(streams);
    }

    @Override
    protected Result check() {
        List<String> down = streams.stream().filter(s -> !s.isConnected() && !s.isRefused()).map(s -> s.venue().name())
                .collect(Collectors.toList());
        if (!down.isEmpty()) {
            return Result.unhealthy("trade streams reconnecting: " + down);
        }
        ResultBuilder ok = Result.builder().healthy();
        long refused = 0;
        for (TradeStream s : streams) {
            var refusal = s.refusal();
            if (refusal.isPresent()) {
                refused++;
                ok.withDetail(s.venue().name(), "REFUSED from this location: " + refusal.get().reason()
                        + "; next try " + refusal.get().retryAt());
            }
        }
        return ok.withMessage((streams.size() - refused) + " trade stream(s) connected"
                + (refused > 0 ? ", " + refused + " refused from this location" : "")).build();
    }
}
