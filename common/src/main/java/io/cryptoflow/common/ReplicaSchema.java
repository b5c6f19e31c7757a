package io.cryptoflow.common;

import java.util.List;

/**
 * {@code cf_replica} (and {@link #CHECK_TABLE}): the tables api.db has and collector.db has not. The replicator writes its
 * single row ({@link ReplicaPosition}) in the same transaction as the data it applies (after a
 * snapshot: right after the copy); the API reads it for the replica's freshness, its page stamp and
 * its live poll. It is left out when the two files' schemas are compared.
 */
public final class ReplicaSchema {

    public static final String TABLE = "cf_replica";

    /** The table's columns in DDL order; {@code id} is always 1. */
    public static final List<String> COLUMNS = List.of("id", "source_rev", "source_committed_at", "applied_at", "strategy");

    /** Created by the replicator in api.db (unqualified: a CREATE goes to {@code main}, never to an ATTACHed file). */
    public static final String DDL = """
            CREATE TABLE IF NOT EXISTS cf_replica (
              id INTEGER PRIMARY KEY CHECK (id = 1),
              source_rev INTEGER NOT NULL,
              source_committed_at INTEGER NOT NULL,
              applied_at INTEGER NOT NULL,
              strategy TEXT NOT NULL
            )""";

    /**
     * {@code cf_replica_check}: when the replicator last found collector.db still at the revision
     * api.db holds. A collector that writes nothing (no exchange reachable, every market refused)
     * leaves {@code cf_replica.applied_at} old although the replicator is polling; this row tells the
     * API's health check an idle source from a stalled replicator. Written at most every
     * {@code CONFIRM_EVERY_MS} while idle, in its own table so the page stamp
     * ({@code source_rev:applied_at}) and every cached page stay valid. Left out of schema comparisons
     * like cf_replica.
     */
    public static final String CHECK_TABLE = "cf_replica_check";

    public static final String CHECK_DDL = """
            CREATE TABLE IF NOT EXISTS cf_replica_check (
              id INTEGER PRIMARY KEY CHECK (id = 1),
              source_rev INTEGER NOT NULL,
              checked_at INTEGER NOT NULL
            )""";

    /** How often an idle replicator writes {@link #CHECK_TABLE}. */
    public static final long CONFIRM_EVERY_MS = 10_000;

    private ReplicaSchema() {
    }
}
