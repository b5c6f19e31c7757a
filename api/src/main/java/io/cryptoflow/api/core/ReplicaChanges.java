package io.cryptoflow.api.core;

import io.cryptoflow.api.render.ClosedCandles;
import io.cryptoflow.common.Timeframe;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Follows api.db's revisions so that what {@link ClosedCandles} and {@link CandleContextReader}
 * know can be trusted without asking SQLite per page. When the replica stamp moved past the
 * revision followed so far, one request reads what changed in between (per candle table and
 * market the open-time span written, tombstones included; the markets whose context series
 * changed; per market the times of open interest samples, funding events, liquidation events and
 * newly connected liquidation time, from which {@link KnownContexts} clears just the candles those
 * can touch) and clears that knowledge; the others meanwhile read their pages from api.db as before.
 * Liquidation events carry no revision index: they are followed by each partition's {@code seq}
 * (insert-only, commit order), a dropped or rebuilt partition clearing its whole day.
 * A page from memory is then exact as of the stamp the request saw: every write stamps its rows
 * with a revision above the last, and a deletion leaves a tombstone with one.
 *
 * <p>Tombstones are pruned behind the collector's retention, so a gap followed after a long pause
 * could miss deletions: a gap not followed within {@link #TRUST} (no page read meanwhile) starts over.
 */
public final class ReplicaChanges {

    /** How long followed knowledge stays usable without a catch-up (tombstones outlive this by far). */
    static final Duration TRUST = Duration.ofMinutes(10);
    /** How long after a failed catch-up pages are read from api.db before trying again. */
    static final Duration RETRY = Duration.ofSeconds(1);
    /**
     * How long a request waits for another's catch-up before reading its page from api.db instead. A
     * catch-up takes 1-3 ms; with a live collector the replica moves every 50-100 ms, and the requests
     * that arrived during each catch-up went to SQL through the build gate (5-20 ms and a queue), a
     * few in a hundred: the random-read p99 (docs/benchmarks.md, "A request waits for another's catch-up").
     */
    static final Duration CATCH_UP_WAIT = Duration.ofMillis(25);

    /** What changed between two revisions of api.db. */
    public record ChangeSet(List<SeriesChange> candles, Set<String> contextMarkets) {
    }

    /** Rows of one candle series written or deleted: open times in [minTime, maxTime], revisions up to maxRev. */
    public record SeriesChange(Timeframe tf, String stored, long minTime, long maxTime, long maxRev) {
    }

    /** Which context series a changed row belongs to ({@link #COVERAGE}: a connected range as it is now). */
    public enum ContextKind { OPEN_INTEREST, FUNDING, LIQUIDATIONS, COVERAGE }

    /** Context rows of one market with times in [minTime, maxTime] written, or deleted. */
    public record ContextChange(ContextKind kind, String stored, long minTime, long maxTime, boolean deleted) {
    }

    private final ReplicaStore db;
    /**
     * Each connected range's to_time as last followed (by market and from_time): a range only grows,
     * so an upsert newly covers only (old to_time, new to_time], not the days it held already.
     */
    private final java.util.Map<String, Long> coveredTo = new java.util.HashMap<>();
    /** Each live liquidation partition's highest seq followed (partitions are insert-only, seq in commit order). */
    private java.util.Map<String, Long> liquidationSeqs = java.util.Map.of();
    private final ClosedCandles closed;
    private final CandleContextReader contexts;
    private final LongSupplier millis;
    private final ReentrantLock catchingUp = new ReentrantLock();
    /** The source revision followed through; -1 before the first catch-up. */
    private volatile long through = -1;
    private volatile long followedAt;
    private volatile long failedAt = Long.MIN_VALUE / 2;

    public ReplicaChanges(ReplicaStore db, ClosedCandles closed, CandleContextReader contexts, LongSupplier millis) {
        this.db = db;
        this.closed = closed;
        this.contexts = contexts;
        this.millis = millis;
    }

    /**
     * Whether memory's knowledge is followed through the revision of {@code stamp}; catches up first,
     * or waits for the request catching up (at most {@link #CATCH_UP_WAIT}, then answers false: that
     * request reads api.db).
     */
    public boolean followed(String stamp) {
        long rev = sourceRevOf(stamp);
        if (rev < 0) {
            return false;
        }
        if (through >= rev) {
            return true;
        }
        if (millis.getAsLong() - failedAt < RETRY.toMillis() || !lockBriefly()) {
            return false;
        }
        try {
            if (through < rev) {
                catchUp();
            }
            return through >= rev;
        } catch (RuntimeException e) {
            // api.db unreadable or without a table the reads need: pages are read as before, and
            // the catch-up is not tried again by every request
            failedAt = millis.getAsLong();
            return false;
        } finally {
            catchingUp.unlock();
        }
    }

    private boolean lockBriefly() {
        if (catchingUp.tryLock()) {
            return true;
        }
        try {
            return catchingUp.tryLock(CATCH_UP_WAIT.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void catchUp() {
        db.candles(reads -> {
            long now = sourceRevOf(reads.replicaStamp());
            long after = through;
            long at = millis.getAsLong();
            if (now < 0) {
                return null;
            }
            if (after < 0 || now < after || (now > after && at - followedAt >= TRUST.toMillis())) {
                // first catch-up, another replica, or a gap tombstones may no longer cover: start over
                closed.trustFrom(now);
                contexts.trustFrom(now);
                coveredTo.clear();
                for (ContextChange c : reads.contextChangesSince(-1)) {
                    coveredTo.put(c.stored() + "@" + c.minTime(), c.maxTime());
                }
                liquidationSeqs = reads.liquidationSeqs();
            } else if (now > after) {
                ChangeSet changes = reads.changesSince(after);
                for (SeriesChange c : changes.candles()) {
                    closed.changed(c.tf(), c.stored(), c.minTime(), c.maxTime(), c.maxRev());
                }
                for (String market : changes.contextMarkets()) {
                    contexts.sourcesChanged(market, now);
                }
                contextsChanged(reads, after, now);
            }
            followedAt = at;
            through = now;
            return null;
        });
    }

    /** Clears the known context of the candles each context row written since {@code after} can touch. */
    private void contextsChanged(CandleReads reads, long after, long now) {
        KnownContexts known = contexts.known();
        for (ContextChange c : reads.contextChangesSince(after)) {
            switch (c.kind()) {
                case OPEN_INTEREST -> known.changed(c.stored(), KnownContexts.Kind.OPEN_INTEREST, c.minTime(), c.maxTime(),
                        c.deleted(), now);
                case FUNDING -> known.changed(c.stored(), KnownContexts.Kind.FUNDING, c.minTime(), c.maxTime(),
                        c.deleted(), now);
                case LIQUIDATIONS -> known.changed(c.stored(), KnownContexts.Kind.LIQUIDATIONS, c.minTime(), c.maxTime(),
                        false, now);
                case COVERAGE -> {
                    Long was = coveredTo.put(c.stored() + "@" + c.minTime(), c.maxTime());
                    long from = was == null || was > c.maxTime() ? c.minTime() : was;
                    known.changed(c.stored(), KnownContexts.Kind.LIQUIDATIONS, from, c.maxTime(), false, now);
                }
            }
        }
        java.util.Map<String, Long> seqs = reads.liquidationSeqs();
        for (var e : seqs.entrySet()) {
            long was = liquidationSeqs.getOrDefault(e.getKey(), 0L);
            if (e.getValue() < was) {
                wholeDay(known, e.getKey(), now); // not the partition followed (rebuilt): all of its day
            } else if (e.getValue() > was) {
                for (ContextChange c : reads.liquidationsAfter(e.getKey(), was)) {
                    known.changed(c.stored(), KnownContexts.Kind.LIQUIDATIONS, c.minTime(), c.maxTime(), false, now);
                }
            }
        }
        for (String gone : liquidationSeqs.keySet()) {
            if (!seqs.containsKey(gone)) {
                wholeDay(known, gone, now); // dropped: its events are gone from the sums
            }
        }
        liquidationSeqs = seqs;
    }

    private static void wholeDay(KnownContexts known, String partition, long now) {
        io.cryptoflow.common.TradePartition.parse(partition).ifPresent(p ->
                known.changedAll(p.exchange() + ":", p.dayStart(), p.dayEnd() - 1, now));
    }

    /** The source revision a replica stamp ({@code source_rev:applied_at}) names; -1 for none. */
    public static long sourceRevOf(String stamp) {
        if (stamp == null) {
            return -1;
        }
        int colon = stamp.indexOf(':');
        try {
            return Long.parseLong(colon < 0 ? stamp : stamp.substring(0, colon));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The source revision followed through (-1 before the first catch-up): what memory knows is exact as of it. */
    long through() {
        return through;
    }

    /** Forgets the followed position (api.db was replaced): the next catch-up starts over. */
    public void clear() {
        through = -1;
    }
}
