package io.cryptoflow.api.live;

import io.cryptoflow.api.core.DatabaseBusyException;
import io.cryptoflow.api.core.ReplicaNotReadyException;
import io.cryptoflow.api.db.ApiDatabase;
import io.cryptoflow.api.db.ChangeDao;
import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code /ws} channel that follows the replica: {@link #poll} runs every {@code pollInterval} on the
 * channel's single thread (from {@code environment.lifecycle()}, which shuts it down), where the
 * channel also subscribes and sends, in order. A replica not ready or a busy pool only skips a poll.
 */
abstract class ReplicaPoller implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaPoller.class);

    protected final ApiDatabase db;
    protected final ScheduledExecutorService thread;
    private final Duration pollInterval;
    private long lastRev = -1;

    ReplicaPoller(ApiDatabase db, Duration pollInterval, ScheduledExecutorService thread) {
        this.db = db;
        this.pollInterval = pollInterval;
        this.thread = thread;
    }

    @Override
    public void start() {
        long ms = Math.max(10, pollInterval.toMillis());
        thread.scheduleWithFixedDelay(this::pollSafely, ms, ms, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        // the executor is the lifecycle's
    }

    private void pollSafely() {
        try {
            poll();
        } catch (ReplicaNotReadyException | DatabaseBusyException e) {
            LOG.debug("{} poll: {}", getClass().getSimpleName(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("{} poll failed", getClass().getSimpleName(), e);
        }
    }

    abstract void poll();

    /** Whether api.db exists and the collector revision it holds moved since the last call that said so. */
    protected boolean sourceRevMoved() {
        if (!db.fileExists()) {
            return false;
        }
        Optional<Long> rev = db.read(ChangeDao.class, ChangeDao::sourceRev);
        if (rev.isEmpty() || rev.get() == lastRev) {
            return false;
        }
        lastRev = rev.get();
        return true;
    }
}
