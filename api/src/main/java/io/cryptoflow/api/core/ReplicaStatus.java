package io.cryptoflow.api.core;

import io.cryptoflow.api.api.Health;
import io.cryptoflow.api.api.Health.Collector;
import io.cryptoflow.api.api.Health.Replica;
import io.cryptoflow.common.ReplicaPosition;
import io.cryptoflow.common.Timeframe;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The state behind {@code /api/health}: row counts, replica age/lag and the collector's counters. */
public class ReplicaStatus {

    private final ReplicaStore db;
    private final Clock clock;
    /** Row counts of the last seen source revision: COUNT(*) walks a whole index, so it runs once per revision. */
    private volatile CachedCounts counts;

    private record CachedCounts(long sourceRev, long appliedAt, Map<String, Long> tables) {
    }

    private final long maxAgeMs;

    /**
     * @param maxAge when api.db was last known current (last apply, or the replicator's later
     *               confirmation that collector.db had nothing newer) is older than this, {@code status}
     *               is "stale" instead of "ok"
     */
    public ReplicaStatus(ReplicaStore db, Clock clock, java.time.Duration maxAge) {
        this.db = db;
        this.clock = clock;
        this.maxAgeMs = maxAge.toMillis();
    }

    public Health health() {
        return db.catalog(dao -> {
            ReplicaPosition pos = dao.replicaPosition().orElseThrow(() ->
                    new ReplicaNotReadyException("replica not ready: cf_replica has no row yet"));
            ReplicaFreshness freshness = new ReplicaFreshness(pos, dao.replicaConfirmedAt().orElse(null));
            long now = clock.millis();
            CachedCounts cached = counts;
            Map<String, Long> tables;
            if (cached != null && cached.sourceRev() == pos.sourceRev() && cached.appliedAt() == pos.appliedAt()) {
                tables = cached.tables();
            } else {
                tables = new LinkedHashMap<>();
                for (Timeframe tf : Timeframe.values()) {
                    tables.put(tf.table(), dao.rowCount(tf));
                }
                counts = new CachedCounts(pos.sourceRev(), pos.appliedAt(), tables);
            }
            // A collector that never committed (committed_at 0) has nothing the replica could lag behind.
            long lag = pos.sourceCommittedAt() > 0 ? Math.max(0, pos.appliedAt() - pos.sourceCommittedAt()) : 0;
            Replica replica = new Health.Replica(pos.sourceRev(), pos.sourceCommittedAt(), pos.appliedAt(), pos.strategy(),
                    Math.max(0, now - pos.appliedAt()), lag, freshness.confirmedAt(),
                    Math.max(0, now - freshness.currentAsOf()));
            Collector collector = dao.collectorState()
                    .map(s -> new Health.Collector(s.rev(), s.committedAt(), s.busyEvents()))
                    .orElse(null);
            return new Health(replica.currentAgeMs() <= maxAgeMs ? "ok" : "stale", now, tables, replica, collector);
        });
    }

    /** The replicator's position and last confirmation, or empty when api.db has none yet. Never throws for a missing file. */
    public Optional<ReplicaFreshness> freshness() {
        if (!db.fileExists()) {
            return Optional.empty();
        }
        return db.catalog(dao -> dao.replicaPosition()
                .map(pos -> new ReplicaFreshness(pos, dao.replicaConfirmedAt().orElse(null))));
    }
}
