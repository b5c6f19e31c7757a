package io.cryptoflow.collector.store;

import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** {@code cf_state}: the revision every committed change is stamped with, and the writer's counters. */
interface StateDao {

    @SqlQuery("SELECT rev, committed_at, busy_events, tombstones_pruned_rev FROM cf_state WHERE id = 1")
    @RegisterConstructorMapper(WriterState.class)
    WriterState state();

    @SqlUpdate("UPDATE cf_state SET rev = rev + 1, committed_at = :now, busy_events = :busy WHERE id = 1")
    void incrementRevision(@Bind("now") long now, @Bind("busy") long busyEvents);

    @SqlQuery("SELECT rev FROM cf_state WHERE id = 1")
    long revision();

    @SqlUpdate("UPDATE cf_state SET busy_events = :busy WHERE id = 1")
    void recordBusyEvents(@Bind("busy") long busyEvents);

    @SqlUpdate("UPDATE cf_state SET tombstones_pruned_rev = max(tombstones_pruned_rev, :upTo) WHERE id = 1")
    void recordPrunedRevision(@Bind("upTo") long upTo);

    /** PASSIVE only: Litestream owns TRUNCATE/RESTART checkpoints of collector.db. Returns 1 when it met a lock. */
    @SqlQuery("PRAGMA main.wal_checkpoint(PASSIVE)")
    int passiveCheckpoint();

    record WriterState(long rev, long committedAt, long busyEvents, long tombstonesPrunedRev) {
    }
}
