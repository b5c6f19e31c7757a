package io.cryptoflow.api.health;

import com.codahale.metrics.health.HealthCheck;
import io.cryptoflow.common.ReplicaPosition;
import io.cryptoflow.api.core.ReplicaStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Healthy when api.db exists, holds the replicator's {@code cf_replica} row, and that row was
 * applied within {@code maxAge}. A stalled replicator shows up here, not as API errors.
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
        Optional<ReplicaPosition> pos = status.position();
        if (pos.isEmpty()) {
            return Result.unhealthy("replica not ready: api.db missing or without cf_replica row");
        }
        long age = clock.millis() - pos.get().appliedAt();
        String detail = "source_rev=" + pos.get().sourceRev() + " applied " + age + " ms ago via " + pos.get().strategy();
        return age <= maxAge.toMillis() ? Result.healthy(detail)
                : Result.unhealthy("replica stale (max " + maxAge.toMillis() + " ms): " + detail);
    }
}
