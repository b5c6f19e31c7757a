package io.cryptoflow.replicator.core;

import io.dropwizard.lifecycle.Managed;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link Replication} on a single thread: every tick one cycle, plus operator requests
 * (resync, verify) queued by admin tasks and executed between cycles, so api.db has exactly one
 * writer thread.
 */
public final class ReplicationLoop implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicationLoop.class);

    private final Replication replication;
    private final ReplicationSettings settings;
    private final ReplicationStatus status;
    private final ReplicationMetrics metrics;
    private final ConcurrentLinkedQueue<Runnable> requests = new ConcurrentLinkedQueue<>();
    private ScheduledExecutorService executor;
    private String lastLoggedError;

    public ReplicationLoop(Replication replication, ReplicationSettings settings, ReplicationStatus status,
                           ReplicationMetrics metrics) {
        this.replication = replication;
        this.settings = settings;
        this.status = status;
        this.metrics = metrics;
    }

    @Override
    public void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "replicator-" + settings.strategy().label());
            t.setDaemon(true);
            return t;
        });
        LOG.info("Replicating {} into {} with the {} strategy every {} ms", settings.source(), settings.target(),
                settings.strategy().label(), settings.tick().toMillis());
        replication.start();
        executor.scheduleWithFixedDelay(this::tick, 0, settings.tick().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One cycle; public so tests and benches can drive the loop without its timer. */
    public void tick() {
        Runnable request;
        while ((request = requests.poll()) != null) {
            request.run();
        }
        try {
            replication.runOnce();
            lastLoggedError = null;
        } catch (Exception e) {
            metrics.errors.inc();
            String message = e.getClass().getSimpleName() + ": " + e.getMessage();
            status.failed(message);
            if (!message.equals(lastLoggedError)) {
                LOG.error("Replication cycle failed; retrying next tick", e);
                lastLoggedError = message;
            }
        }
    }

    /** Queues a fresh snapshot; completes when it is committed in api.db. */
    public CompletableFuture<SnapshotResult> requestResync(String reason) {
        CompletableFuture<SnapshotResult> done = new CompletableFuture<>();
        requests.add(() -> {
            try {
                done.complete(replication.resync(reason));
            } catch (Exception e) {
                metrics.errors.inc();
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /** Queues a full consistency check; completes with its report. */
    public CompletableFuture<ConsistencyReport> requestVerify() {
        CompletableFuture<ConsistencyReport> done = new CompletableFuture<>();
        requests.add(() -> {
            try {
                done.complete(replication.verify());
            } catch (Exception e) {
                metrics.errors.inc();
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    @Override
    public void stop() throws InterruptedException {
        if (executor != null) {
            executor.shutdown();
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("Replication thread did not stop within 30 s");
                executor.shutdownNow();
            }
        }
        replication.close();
        LOG.info("Replication stopped at position {}", status.position());
    }
}
