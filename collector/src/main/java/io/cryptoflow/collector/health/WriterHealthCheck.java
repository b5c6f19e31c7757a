package io.cryptoflow.collector.health;

import com.codahale.metrics.health.HealthCheck;
import io.cryptoflow.collector.db.SqliteCandleWriter;

/** The single collector.db writer thread is alive. */
public class WriterHealthCheck extends HealthCheck {

    private final SqliteCandleWriter writer;

    public WriterHealthCheck(SqliteCandleWriter writer) {
        this.writer = writer;
    }

    @Override
    protected Result check() {
        if (!writer.isRunning()) {
            return Result.unhealthy("collector.db writer thread is not running");
        }
        return Result.builder().healthy()
                .withDetail("rev", writer.lastRevision())
                .withDetail("lastCommitAt", writer.lastCommitAt())
                .withDetail("queued", writer.queued())
                .withDetail("busyEvents", writer.busyEvents())
                .build();
    }
}
