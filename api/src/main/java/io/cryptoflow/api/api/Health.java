package io.cryptoflow.api.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import java.util.Map;

/** The {@code /api/health} answer: row counts, replica age/lag and the collector's counters. */
public record Health(String status, long timestamp, Map<String, Long> tables, Health.Replica replica,
                     Health.Collector collector) {

    /**
     * @param ageMs now minus the replicator's last apply: how stale api.db may be
     * @param lagMs apply time minus the source commit time of the applied revision: how long a
     *              collector commit took to become visible here (0 before the collector's first commit)
     */
    /**
     * @param ageMs        now − last apply
     * @param confirmedAt  when the replicator last found collector.db still at {@code sourceRev}; null
     *                     when it has not since that apply
     * @param currentAgeMs now − the later of the apply and the confirmation: how long ago api.db was
     *                     last known current (the health check's measure; an idle collector keeps it low)
     */
    public record Replica(long sourceRev, long sourceCommittedAt, long appliedAt, String strategy, long ageMs,
                          long lagMs, Long confirmedAt, long currentAgeMs) {
    }

    public record Collector(long rev, long committedAt, long busyEvents) {
    }

    /** The old tool's top-level {@code candles_1 ... candles_1440} counts, kept for its clients. */
    @JsonAnyGetter
    public Map<String, Long> oldToolTableCounts() {
        return tables;
    }
}
