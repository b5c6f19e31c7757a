package io.cryptoflow.replicator.core;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the replication thread last saw, published for the health check, the status resource and
 * gauges. Written by the replication thread only; read from any thread.
 */
public final class ReplicationStatus {

    private final ReplicationStrategy strategy;
    private volatile boolean waiting = true;
    private volatile String waitingReason = "not started";
    private volatile long lastSuccessAt;
    private volatile long lastSnapshotAt;
    private volatile long position = -1;
    private volatile long sourceRev = -1;
    /** Commit time of the oldest source revision seen but not yet applied; 0 when caught up. */
    private volatile long pendingSince;
    private volatile String lastError;
    private final long startedAt = System.currentTimeMillis();

    public ReplicationStatus(ReplicationStrategy strategy) {
        this.strategy = strategy;
    }

    /**
     * The source's committed state as just read, or empty once it is recorded that replication waits
     * for the source, for the reason the source gave (asked only when the state is empty).
     */
    public Optional<SourceState> sourceStateOrWaiting(Optional<SourceState> state, Supplier<String> waitingReason) {
        if (state.isEmpty()) {
            waitingForSource(waitingReason.get(), System.currentTimeMillis());
        }
        return state;
    }

    public void waitingForSource(String reason, long now) {
        waiting = true;
        waitingReason = reason;
        lastSuccessAt = now;
        lastError = null;
    }

    /** A cycle that read collector.db at {@code source} and left api.db at {@code applied}. */
    public void observed(SourceState source, long applied, long now) {
        waiting = false;
        waitingReason = null;
        sourceRev = source.rev();
        position = applied;
        if (applied >= source.rev()) {
            pendingSince = 0;
        } else if (pendingSince == 0) {
            pendingSince = source.committedAt() > 0 ? Math.min(source.committedAt(), now) : now;
        }
        lastSuccessAt = now;
        lastError = null;
    }

    public void snapshotDone(long now) {
        lastSnapshotAt = now;
    }

    public void failed(String error) {
        lastError = error;
    }

    /** How long the oldest not-yet-visible collector commit has been waiting, 0 when caught up. */
    public long currentLagMillis(long now) {
        long since = pendingSince;
        return since == 0 ? 0 : Math.max(0, now - since);
    }

    public long sinceLastSuccessMillis(long now) {
        long last = lastSuccessAt;
        return now - (last == 0 ? startedAt : last);
    }

    public ReplicationStrategy strategy() {
        return strategy;
    }

    public boolean waiting() {
        return waiting;
    }

    public String waitingReason() {
        return waitingReason;
    }

    public long position() {
        return position;
    }

    public long sourceRev() {
        return sourceRev;
    }

    public long lastSnapshotAt() {
        return lastSnapshotAt;
    }

    public long lastSuccessAt() {
        return lastSuccessAt;
    }

    public String lastError() {
        return lastError;
    }
}
