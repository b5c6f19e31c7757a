package io.cryptoflow.collector.backup;

import java.util.Map;
import java.util.OptionalLong;

/**
 * What the drill and the lag probe last saw, read by the health check and the metrics. Unknown
 * values stay null or empty (no drill yet, lag not read): nothing is made up.
 */
public final class DrillStatus {

    /** One finished drill: when, whether every replica restored and checked good, and the account. */
    public record Drill(long finishedAt, boolean good, String summary) {
    }

    private volatile String notConfigured;
    private volatile Drill last;
    private volatile long lastGoodAt;
    private volatile Map<String, Long> lagMillis = Map.of();

    void notConfigured(String reason) {
        this.notConfigured = reason;
    }

    /** Why no drill runs, or null when it does. */
    public String notConfiguredReason() {
        return notConfigured;
    }

    void record(Drill drill) {
        last = drill;
        if (drill.good()) {
            lastGoodAt = drill.finishedAt();
        }
    }

    public Drill last() {
        return last;
    }

    /** When the last good drill finished, if any. */
    public OptionalLong lastGoodAt() {
        long t = lastGoodAt;
        return t == 0 ? OptionalLong.empty() : OptionalLong.of(t);
    }

    void lag(Map<String, Long> byReplica) {
        lagMillis = Map.copyOf(byReplica);
    }

    /** Each replica's lag behind collector.db from the last probe; empty when unknown. */
    public Map<String, Long> lagMillis() {
        return lagMillis;
    }

    /** The largest lag of all replicas, or empty when unknown. */
    public OptionalLong maxLagMillis() {
        return lagMillis.values().stream().mapToLong(Long::longValue).max();
    }
}
