package io.cryptoflow.collector.health;

import com.codahale.metrics.health.HealthCheck;
import io.cryptoflow.collector.store.SqliteCandleWriter;
import io.cryptoflow.collector.store.WriteOutage;
import java.util.Optional;
import java.util.function.LongSupplier;

/** The single collector.db writer thread is alive and collector.db accepts its writes. */
public class WriterHealthCheck extends HealthCheck {

    private final SqliteCandleWriter writer;
    private final LongSupplier clock;

    public WriterHealthCheck(SqliteCandleWriter writer) {
        this(writer, System::currentTimeMillis);
    }

    public WriterHealthCheck(SqliteCandleWriter writer, LongSupplier clock) {
        this.writer = writer;
        this.clock = clock;
    }

    @Override
    protected Result check() {
        if (!writer.isRunning()) {
            return Result.unhealthy("collector.db writer thread is not running");
        }
        Optional<WriteOutage> outage = writer.outage();
        if (outage.isPresent()) {
            WriteOutage o = outage.get();
            return Result.builder().unhealthy()
                    .withMessage("%s refuses writes for %d ms (%d attempts): %s; the batch is held and retried",
                            o.file(), clock.getAsLong() - o.sinceMs(), o.attempts(), o.lastError())
                    .withDetail("rev", writer.lastRevision())
                    .withDetail("queued", writer.queued())
                    .build();
        }
        return Result.builder().healthy()
                .withDetail("rev", writer.lastRevision())
                .withDetail("lastCommitAt", writer.lastCommitAt())
                .withDetail("queued", writer.queued())
                .withDetail("busyEvents", writer.busyEvents())
                .build();
    }
}
