package io.cryptoflow.collector.store;

import com.codahale.metrics.Timer;
import io.cryptoflow.common.SqliteErrors;
import io.cryptoflow.common.ThreadPools;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread (a one-thread pool from {@link ThreadPools}) that runs submitted jobs one after another, each a transaction on the only write
 * connection. Producers block in {@link #enqueue} while the bounded queue is full. A job that meets
 * a lock is retried a few times; one the storage refuses is held and retried until it commits
 * ({@link StorageOutageHold}); anything else fails its future and the next job runs.
 */
final class SingleWriterExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(SqliteCandleWriter.class);
    private static final int BUSY_RETRIES = 5;

    /** One transaction's work on the writer connection; returns the number of rows it changed. */
    @FunctionalInterface
    interface Work {
        int run() throws Exception;
    }

    /** What the connection's owner does around the jobs, all on the writer thread. */
    interface Housekeeping {
        /** A job committed and changed {@code changed} rows. */
        void written(int changed);

        /** No job arrived for a second. */
        void idle();

        /** After every job or idle second. */
        void periodic();

        /** After a failed attempt: make sure no transaction is left open. */
        void rollback();

        /** The last job ran (stop): final checkpoint and close. */
        void shutdown();
    }

    static final class Job {
        static final Job POISON = new Job(() -> 0, "stop");

        final Work work;
        final String description;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        volatile int changed;

        Job(Work work, String description) {
            this.work = work;
            this.description = description;
        }
    }

    private final String name;
    private final ThreadPools pools;
    private final BlockingQueue<Job> queue;
    private final WriterMetrics metrics;
    private final StorageOutageHold hold;
    private volatile Housekeeping housekeeping;
    private volatile boolean accepting;
    private volatile Future<?> loop;
    private ExecutorService thread;

    SingleWriterExecutor(String name, ThreadPools pools, int capacity, WriterMetrics metrics, Path dbFile,
                         LongSupplier clock) {
        this.name = name;
        this.pools = pools;
        if (pools.managed()) {
            // Lifecycle pools must exist before the server starts: built at wiring time.
            thread = pools.fixed(name, 1, false);
        }
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.metrics = metrics;
        this.hold = new StorageOutageHold(dbFile, clock, metrics.storageFailures, () -> accepting, queue::size);
    }

    StorageOutageHold hold() {
        return hold;
    }

    synchronized void start(Housekeeping keeper) {
        this.housekeeping = keeper;
        accepting = true;
        if (thread == null) {
            thread = pools.fixed(name, 1, false);
        }
        loop = thread.submit(this::runLoop);
    }

    synchronized boolean started() {
        return loop != null;
    }

    /** Stops accepting, lets every queued job run, then the housekeeping's shutdown. */
    void stop() throws InterruptedException {
        Future<?> running;
        synchronized (this) {
            accepting = false;
            running = loop;
        }
        if (running == null) {
            return;
        }
        queue.offer(Job.POISON, 30, TimeUnit.SECONDS);
        try {
            running.get(2, TimeUnit.MINUTES);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("writer loop did not end cleanly: {}", e.toString());
        }
        synchronized (this) {
            loop = null;
            if (!pools.managed()) {
                ThreadPools.shutdownIfOwned(pools, thread, TimeUnit.SECONDS.toMillis(10));
                thread = null;
            }
        }
    }

    boolean isRunning() {
        Future<?> running = loop;
        return running != null && !running.isDone();
    }

    int queued() {
        return queue.size();
    }

    CompletableFuture<Void> enqueue(Job job) {
        if (!accepting) {
            return CompletableFuture.failedFuture(new IllegalStateException("collector.db writer is not running"));
        }
        try {
            // Re-check while blocked so a stopping writer does not leave producers waiting forever.
            while (!queue.offer(job, 200, TimeUnit.MILLISECONDS)) {
                if (!accepting || !isRunning()) {
                    return CompletableFuture.failedFuture(new IllegalStateException("collector.db writer stopped"));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(e);
        }
        return job.done;
    }

    private void runLoop() {
        Housekeeping keeper = housekeeping;
        try {
            while (true) {
                Job job = queue.poll(1, TimeUnit.SECONDS);
                if (job == Job.POISON) {
                    break;
                }
                if (job != null) {
                    apply(job, keeper);
                } else {
                    keeper.idle();
                    keeper.periodic();
                }
            }
            // Drain anything that slipped in between the stop signal and the poison pill.
            Job rest;
            while ((rest = queue.poll()) != null) {
                if (rest != Job.POISON) {
                    apply(rest, keeper);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("writer interrupted with {} batches queued", queue.size());
        } catch (RuntimeException | Error e) {
            LOG.error("writer thread died", e);
            throw e;
        } finally {
            accepting = false;
            Job left;
            while ((left = queue.poll()) != null) {
                left.done.completeExceptionally(new IllegalStateException("collector.db writer stopped"));
            }
            keeper.shutdown();
        }
    }

    private void apply(Job job, Housekeeping keeper) {
        int busyAttempts = 0;
        long storageDelay = StorageOutageHold.RETRY_FIRST_MS;
        while (true) {
            Timer.Context timing = metrics.batchTimer.time();
            try {
                int changed = job.work.run();
                metrics.batchesWritten.mark();
                job.changed = changed;
                hold.committed();
                keeper.written(changed);
                // Housekeeping first, then the producer hears back: what it does next (a clock step in a
                // test, the next batch) never races with the periodic work of this step.
                keeper.periodic();
                job.done.complete(null);
                return;
            } catch (Exception e) {
                keeper.rollback();
                SQLException sql = sqlCause(e);
                if (sql != null && SqliteErrors.isBusyOrLocked(sql)) {
                    metrics.busyEvents.inc();
                    if (++busyAttempts < BUSY_RETRIES) {
                        LOG.warn("collector.db busy/locked (attempt {}): {}", busyAttempts, sql.getMessage());
                        continue;
                    }
                } else if (sql != null && SqliteErrors.isStorageFailure(sql)) {
                    hold.failed(job.description, sql);
                    if (hold.waitForRetry(storageDelay)) {
                        storageDelay = Math.min(StorageOutageHold.RETRY_MAX_MS, storageDelay * 2);
                        continue;
                    }
                }
                keeper.periodic();
                fail(job, sql != null ? sql : e);
                return;
            } finally {
                timing.stop();
            }
        }
    }

    private void fail(Job job, Exception e) {
        metrics.batchesFailed.mark();
        if (e instanceof SQLException s && SqliteErrors.isStorageFailure(s)) {
            // The outage is already logged with its cause; a stack trace per batch adds nothing.
            LOG.error("writer stopping while collector.db refuses writes; batch not written: {}: {}",
                    job.description, e.getMessage());
        } else {
            LOG.error("batch rejected, nothing written: {}", job.description, e);
        }
        job.done.completeExceptionally(e);
    }

    /** The SQLite error behind a Jdbi exception (or the exception itself), null when there is none. */
    static SQLException sqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                return s;
            }
        }
        return null;
    }
}
