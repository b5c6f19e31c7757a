package io.cryptoflow.api.core;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The replica stamp ({@code cf_replica}, see {@link PageCache}) as read from api.db at most
 * {@code maxAge} ago. Reading it costs a pooled connection, a prepared statement and a read
 * transaction: a tenth of the API's CPU when every request did it. Within {@code maxAge} requests
 * share one reading; the first request after it reads again while the others keep the previous
 * one, so a stamp handed out is at most {@code maxAge} plus one read old. A stamp read inside a
 * page's own read transaction is offered back ({@link #offer}), so a re-check that just confirmed
 * a page at a newer stamp is not undone by an older reading. {@code maxAge} 0 reads for every call.
 */
public final class RecentReplicaStamp {

    private record Reading(String stamp, long startedNanos) {
    }

    private final Supplier<String> read;
    private final long maxAgeNanos;
    private final LongSupplier nanoTime;
    private final AtomicReference<Reading> last = new AtomicReference<>();
    private final AtomicBoolean reading = new AtomicBoolean();

    /**
     * @param read reads the stamp from api.db now (null when the replica has none yet: never kept)
     */
    public RecentReplicaStamp(Supplier<String> read, Duration maxAge, LongSupplier nanoTime) {
        this.read = read;
        this.maxAgeNanos = maxAge.toNanos();
        this.nanoTime = nanoTime;
    }

    public RecentReplicaStamp(Supplier<String> read, Duration maxAge) {
        this(read, maxAge, System::nanoTime);
    }

    /** The stamp as of at most {@code maxAge} (plus one read in progress) ago; null when none yet. */
    public String get() {
        Reading r = last.get();
        if (r != null && nanoTime.getAsLong() - r.startedNanos() < maxAgeNanos) {
            return r.stamp();
        }
        if (r != null && !reading.compareAndSet(false, true)) {
            return r.stamp(); // another request is reading it right now
        }
        boolean claimed = r != null;
        try {
            return readNow();
        } finally {
            if (claimed) {
                reading.set(false);
            }
        }
    }

    /** Reads the stamp now, bypassing any kept reading, and keeps it. */
    public String readNow() {
        long started = nanoTime.getAsLong();
        String stamp = read.get();
        offer(stamp, started);
        return stamp;
    }

    /**
     * A stamp read in a read transaction that began after {@code startedNanos}; kept when no later
     * reading is.
     */
    public void offer(String stamp, long startedNanos) {
        if (stamp == null || maxAgeNanos <= 0) {
            return;
        }
        Reading offered = new Reading(stamp, startedNanos);
        last.accumulateAndGet(offered, (kept, o) -> kept == null || o.startedNanos() - kept.startedNanos() >= 0 ? o : kept);
    }

    /** The current nanoTime, for {@link #offer}'s {@code startedNanos}. */
    public long now() {
        return nanoTime.getAsLong();
    }

    /** Forgets the kept reading (api.db was replaced). */
    public void clear() {
        last.set(null);
    }
}
