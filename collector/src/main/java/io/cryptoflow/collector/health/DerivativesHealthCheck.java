package io.cryptoflow.collector.health;

import com.codahale.metrics.health.HealthCheck;
import io.cryptoflow.collector.sources.derivatives.DerivativesProgress;
import java.util.List;

/**
 * Which open interest and funding series' latest poll failed, and why (each is retried at its next
 * poll). Healthy all the same: an exchange that is down or unreachable is no fault of the collector,
 * and must not turn the collector, and with it the stack, red for the markets that work; the failing
 * series are in the details, on {@code /progress} and in the logs.
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
            return Result.builder().healthy()
                    .withMessage("%d of %d open interest / funding series failing at their latest poll (retried at the next)",
                            failing.size(), entries.size())
                    .withDetail("failing", failing)
                    .build();
        }
        return Result.healthy(entries.size() + " open interest / funding series polled");
    }
}
