package io.cryptoflow.replicator.support;

import com.codahale.metrics.MetricRegistry;
import io.cryptoflow.replicator.core.Replication;
import io.cryptoflow.replicator.core.ReplicationLoop;
import io.cryptoflow.replicator.core.ReplicationMetrics;
import io.cryptoflow.replicator.core.ReplicationSettings;
import io.cryptoflow.replicator.core.ReplicationStatus;
import io.cryptoflow.replicator.strategy.Replications;

/** A replication loop wired like ReplicatorApplication.run() wires it, without the HTTP server. */
public final class Harness implements AutoCloseable {

    public final ReplicationSettings settings;
    public final MetricRegistry registry = new MetricRegistry();
    public final ReplicationStatus status;
    public final ReplicationMetrics metrics;
    public final Replication replication;
    public final ReplicationLoop loop;
    private boolean started;

    /**
     * Incremental replication of {@code dir}'s collector.db into its api.db, polled every 10 ms, with
     * the consistency check due once a day (a test runs it by hand).
     */
    public static ReplicationSettings incremental(java.nio.file.Path dir) {
        return ReplicationSettings.defaults(dir.resolve("collector.db"), dir.resolve("api.db"),
                        io.cryptoflow.replicator.core.ReplicationStrategy.INCREMENTAL)
                .withIntervals(java.time.Duration.ofSeconds(1), java.time.Duration.ofMillis(10))
                .withConsistencyCheck(java.time.Duration.ofDays(1), 1000);
    }

    public Harness(ReplicationSettings settings) {
        this.settings = settings;
        this.status = new ReplicationStatus(settings.strategy());
        this.metrics = new ReplicationMetrics(registry, status);
        this.replication = Replications.create(settings, metrics, status);
        this.loop = new ReplicationLoop(replication, settings, status, metrics);
    }

    public Harness start() {
        loop.start();
        started = true;
        return this;
    }

    @Override
    public void close() throws Exception {
        if (started) {
            loop.stop();
        } else {
            replication.close();
        }
    }
}
