package io.cryptoflow.collector.health;

import com.codahale.metrics.health.HealthCheck;
import io.cryptoflow.collector.sources.derivatives.DerivativesProgress;
import java.util.List;

/**
 * Unhealthy while the latest poll of an open interest or funding series failed (it is retried at the
 * next poll; this shows which and why). The other series are not held back by it.
 */
public final class DerivativesHealthCheck extends HealthCheck {

    private final DerivativesProgress progress;

    public DerivativesHealthCheck(DerivativesProgress progress) {
        this.progress = progress;
    }

    @Override
    protected Result check() {
        List<DerivativesProgress.Entry> entries = progress.snapshot();
        List<String> failing = entries.stream().filter(e -> e.error() != null)
                .map(e -> e.market() + " " + e.series() + ": " + e.error()).toList();
        if (!failing.isEmpty()) {
            return Result.unhealthy("open interest / funding polls failing: " + failing);
        }
        return Result.healthy(entries.size() + " open interest / funding series polled");
    }
}
