package io.cryptoflow.api.health;

import com.codahale.metrics.health.HealthCheck;
import io.cryptoflow.api.core.ReplicaFreshness;
import io.cryptoflow.api.core.ReplicaStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Healthy when api.db exists, holds the replicator's {@code cf_replica} row, and was known current
 * with collector.db within {@code maxAge}: applied then, or confirmed by the replicator since (a
 * collector with nothing to write, e.g. every exchange unreachable, is an idle source, reported as
 * such, not a stale replica). A stalled replicator shows up here, not as API errors.
 */
public class ReplicaHealthCheck extends HealthCheck {

    private final ReplicaStatus status;
    private final Duration maxAge;
    private final Clock clock;

    public ReplicaHealthCheck(ReplicaStatus status, Duration maxAge, Clock clock) {
        this.status = status;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    @Override
    protected Result check() {
        Optional<ReplicaFreshness> found = status.freshness();
        if (found.isEmpty()) {
            return Result.unhealthy("replica not ready: api.db missing or without cf_replica row");
        }
        ReplicaFreshness f = found.get();
        long now = clock.millis();
        String detail = "source_rev=" + f.position().sourceRev() + " applied " + (now - f.position().appliedAt())
                + " ms ago via " + f.position().strategy();
        if (f.sourceIdle()) {
            detail += "; collector.db unchanged since, confirmed by the replicator " + (now - f.confirmedAt()) + " ms ago";
        }
        return now - f.currentAsOf() <= maxAge.toMillis() ? Result.healthy(detail)
                : Result.unhealthy("replica stale (max " + maxAge.toMillis() + " ms): " + detail);
    }
}
