package io.cryptoflow.collector.backup;

import com.codahale.metrics.health.HealthCheck;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * Red when the last drill could not restore or check the backup, or when the last good drill is
 * older than {@code maxAgeMillis}. Healthy, saying so, when no drill is configured or none ran yet.
 */
public class BackupDrillHealthCheck extends HealthCheck {

    private final DrillStatus status;
    private final long maxAgeMillis;
    private final long startedAt;
    private final LongSupplier clock;

    public BackupDrillHealthCheck(DrillStatus status, long maxAgeMillis, LongSupplier clock) {
        this.status = status;
        this.maxAgeMillis = maxAgeMillis;
        this.clock = clock;
        this.startedAt = clock.getAsLong();
    }

    @Override
    protected Result check() {
        if (status.notConfiguredReason() != null) {
            return Result.healthy("backup drill not configured: " + status.notConfiguredReason());
        }
        DrillStatus.Drill last = status.last();
        long now = clock.getAsLong();
        if (last != null && !last.good()) {
            return Result.unhealthy("the last backup drill failed: " + last.summary());
        }
        OptionalLong good = status.lastGoodAt();
        long since = good.orElse(startedAt);
        if (now - since > maxAgeMillis) {
            return Result.unhealthy("no good backup drill for %d s (limit %d s)", (now - since) / 1000, maxAgeMillis / 1000);
        }
        return last == null ? Result.healthy("no backup drill yet") : Result.healthy("last drill %d s ago: %s",
                (now - last.finishedAt()) / 1000, last.summary());
    }
}
