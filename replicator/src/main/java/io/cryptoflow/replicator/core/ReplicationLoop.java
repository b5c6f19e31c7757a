package io.cryptoflow.replicator.core;

import io.cryptoflow.common.ThreadPools;
import io.dropwizard.lifecycle.Managed;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
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
    /** A failure that lasts (disk full, missing source) is repeated in the log this often, not every tick. */
    private static final long STILL_FAILING_LOG_EVERY_NS = TimeUnit.MINUTES.toNanos(1);
    /** Consecutive failures space the timer's cycles out up to this, instead of a full cycle every tick. */
    private static final long MAX_FAILURE_BACKOFF_NS = TimeUnit.SECONDS.toNanos(5);
    /**
     * Cycles one timer tick may run back to back while each moves the position (a burst's backlog),
     * so operator requests and a stop wait at most this many applies.
     */
    static final int MAX_CATCH_UP_CYCLES = 50;

    private final Replication replication;
    private final ReplicationSettings settings;
    private final ReplicationStatus status;
    private final ReplicationMetrics metrics;
    private final ConcurrentLinkedQueue<Runnable> requests = new ConcurrentLinkedQueue<>();
    private final ThreadPools pools;
    /** Held by a running timer cycle, so stop waits for it before closing the databases. */
    private final Object cycle = new Object();
    private ScheduledExecutorService executor;
    private ScheduledFuture<?> timer;
    private volatile boolean stopping;
    private String lastLoggedError;
    private long failingSinceNanos;
    private long lastErrorLogNanos;
    private long failedCycles;
    private long nextAttemptNanos;

    public ReplicationLoop(Replication replication, ReplicationSettings settings, ReplicationStatus status,
                           ReplicationMetrics metrics) {
        this(replication, settings, status, metrics, ThreadPools.standalone());
    }

    /** @param pools gives the replication thread (the lifecycle's pool in the application) */
    public ReplicationLoop(Replication replication, ReplicationSettings settings, ReplicationStatus status,
                           ReplicationMetrics metrics, ThreadPools pools) {
        this.pools = pools;
        if (pools.managed()) {
            executor = pools.scheduled("replicator-" + settings.strategy().label(), 1);
        }
        this.replication = replication;
        this.settings = settings;
        this.status = status;
        this.metrics = metrics;
    }

    @Override
    public void start() {
        if (executor == null) {
            executor = pools.scheduled("replicator-" + settings.strategy().label(), 1);
        }
        LOG.info("Replicating {} into {} with the {} strategy every {} ms", settings.source(), settings.target(),
                settings.strategy().label(), settings.tick().toMillis());
        replication.start();
        timer = executor.scheduleWithFixedDelay(this::timerTick, 0, settings.tick().toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The timer's cycle: operator requests always run, a failing cycle is retried with backoff.
     * Incremental: a cycle that applied revisions is followed at once by the next one, not after the
     * poll interval: during a burst the collector committed more while the apply ran, and waiting the
     * interval on top of the apply only adds to their lag (measured: docs/benchmarks.md "Replication
     * lag under trade bursts"). A cycle that finds nothing new ends the tick.
     */
    private void timerTick() {
        synchronized (cycle) {
            for (int i = 0; i < MAX_CATCH_UP_CYCLES && !stopping; i++) {
                long before = status.position();
                timerCycle();
                if (settings.strategy() != ReplicationStrategy.INCREMENTAL || failedCycles > 0
                        || status.position() == before || !requests.isEmpty()) {
                    return;
                }
            }
        }
    }

    private void timerCycle() {
        if (failedCycles > 0 && System.nanoTime() - nextAttemptNanos < 0 && requests.isEmpty()) {
            return;
        }
        tick();
    }

    /** One cycle; public so tests and benches can drive the loop without its timer. */
    public void tick() {
        Runnable request;
        while ((request = requests.poll()) != null) {
            request.run();
        }
        try {
            replication.runOnce();
            if (failedCycles > 0) {
                LOG.info("Replication into {} works again after {} failed cycles over {} ms", settings.target(),
                        failedCycles, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - failingSinceNanos));
            }
            lastLoggedError = null;
            failedCycles = 0;
        } catch (Exception e) {
            metrics.errors.inc();
            failed(e);
        }
    }

    /**
     * A failure that lasts (api.db's disk full, collector.db gone) must neither redo a whole cycle
     * every tick nor write a line per tick: the timer backs off, and the log gets the first
     * failure with its stack trace, a changed error at most every 5 s, an unchanged one once a minute.
     */
    private void failed(Exception e) {
        long now = System.nanoTime();
        if (failedCycles++ == 0) {
            failingSinceNanos = now;
        }
        long backoff = Math.min(MAX_FAILURE_BACKOFF_NS,
                TimeUnit.MILLISECONDS.toNanos(settings.tick().toMillis()) << Math.min(failedCycles, 20));
        nextAttemptNanos = now + backoff;
        String message = e.getClass().getSimpleName() + ": " + e.getMessage();
        status.failed("replicating " + settings.source() + " into " + settings.target() + ": " + message);
        if (lastLoggedError == null) {
            LOG.error("Replicating {} into {} failed; retrying with backoff up to {} ms", settings.source(),
                    settings.target(), TimeUnit.NANOSECONDS.toMillis(MAX_FAILURE_BACKOFF_NS), e);
        } else if (!message.equals(lastLoggedError) ? now - lastErrorLogNanos >= TimeUnit.SECONDS.toNanos(5)
                : now - lastErrorLogNanos >= STILL_FAILING_LOG_EVERY_NS) {
            LOG.error("Replicating into {} still fails after {} cycles over {} s: {}", settings.target(), failedCycles,
                    TimeUnit.NANOSECONDS.toSeconds(now - failingSinceNanos), message);
        } else {
            return;
        }
        lastLoggedError = message;
        lastErrorLogNanos = now;
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

    /**
     * The launchers stop the collector first: one last cycle applies its final revision, so a clean
     * stop leaves api.db equal to collector.db. Skipped before the first copy (a bootstrap snapshot
     * does not belong in a shutdown) and while cycles fail.
     */
    private void finalCycle() {
        if (status.position() < 0 || failedCycles > 0) {
            return;
        }
        try {
            replication.runOnce();
        } catch (Exception e) {
            LOG.warn("The last cycle before stopping failed; api.db catches up at the next start: {}", e.toString());
        }
    }

    @Override
    public void stop() throws InterruptedException {
        stopping = true;
        if (timer != null) {
            timer.cancel(false);
        }
        synchronized (cycle) {
            // a cycle in progress has finished
            finalCycle();
            if (executor != null && !pools.managed()) {
                ThreadPools.shutdownIfOwned(pools, executor, TimeUnit.SECONDS.toMillis(30));
            }
        }
        replication.close();
        LOG.info("Replication stopped at position {}", status.position());
    }
}
