package io.cryptoflow.replicator.health;

import com.codahale.metrics.health.HealthCheck;
import io.cryptoflow.replicator.core.ReplicationStatus;
import java.time.Clock;
import java.time.Duration;

/**
 * {@code replica}: healthy while waiting for collector.db to appear, or while the replica trails
 * the newest collector commit by less than {@code maxLag} and cycles keep succeeding. An unhealthy
 * answer carries the last cycle's error when there is one.
 */
public class ReplicationHealthCheck extends HealthCheck {

    private final ReplicationStatus status;
    private final Duration maxLag;
    private final Clock clock;

    public ReplicationHealthCheck(ReplicationStatus status, Duration maxLag, Clock clock) {
        this.status = status;
        this.maxLag = maxLag;
        this.clock = clock;
    }

    @Override
    protected Result check() {
        long now = clock.millis();
        long sinceSuccess = status.sinceLastSuccessMillis(now);
        if (sinceSuccess > maxLag.toMillis()) {
            return Result.builder().unhealthy()
                    .withMessage("no successful replication cycle for %d ms (bound %d ms); last error: %s",
                            sinceSuccess, maxLag.toMillis(), status.lastError())
                    .build();
        }
        if (status.waiting()) {
            return Result.builder().healthy().withMessage("waiting for source: %s", status.waitingReason())
                    .withDetail("waiting", true).build();
        }
        long lag = status.currentLagMillis(now);
        boolean behind = lag > maxLag.toMillis();
        ResultBuilder result = behind ? Result.builder().unhealthy() : Result.builder().healthy();
        String error = status.lastError();
        // Cycles can read collector.db fine and still fail to write api.db (disk full): say why it lags.
        String why = behind && error != null ? "; last error: " + error : "";
        return result.withMessage("position %d of %d, lag %d ms (bound %d ms)%s", status.position(), status.sourceRev(),
                        lag, maxLag.toMillis(), why)
                .withDetail("strategy", status.strategy().label())
                .withDetail("position", status.position())
                .withDetail("sourceRev", status.sourceRev())
                .withDetail("lagMillis", lag)
                .withDetail("lastSnapshotAt", status.lastSnapshotAt())
                .build();
    }
}
