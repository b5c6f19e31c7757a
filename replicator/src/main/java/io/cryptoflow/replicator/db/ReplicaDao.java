package io.cryptoflow.replicator.db;

import io.cryptoflow.common.ReplicaPosition;
import io.cryptoflow.common.ReplicaSchema;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * api.db's {@code cf_replica} row, the table {@link ReplicaSchema} defines (replicator-only, see
 * docs/architecture.md); its columns are checked against that definition by every test that writes a position.
 */
public interface ReplicaDao {

    @SqlUpdate(ReplicaSchema.DDL)
    void createTable();

    @SqlUpdate("""
            INSERT INTO main.cf_replica(id, source_rev, source_committed_at, applied_at, strategy)
            VALUES (1, :sourceRev, :sourceCommittedAt, :appliedAt, :strategy)
            ON CONFLICT(id) DO UPDATE SET
              source_rev = excluded.source_rev,
              source_committed_at = excluded.source_committed_at,
              applied_at = excluded.applied_at,
              strategy = excluded.strategy""")
    void write(@BindMethods ReplicaPosition position);

    @SqlUpdate(ReplicaSchema.CHECK_DDL)
    void createCheckTable();

    /** api.db still holds collector.db's current revision, as found at {@code checkedAt}. */
    @SqlUpdate("""
            INSERT INTO main.cf_replica_check(id, source_rev, checked_at) VALUES (1, :sourceRev, :checkedAt)
            ON CONFLICT(id) DO UPDATE SET source_rev = excluded.source_rev, checked_at = excluded.checked_at""")
    void writeCheck(long sourceRev, long checkedAt);

    @SqlQuery("""
            SELECT source_rev, source_committed_at, applied_at, strategy
            FROM main.cf_replica WHERE id = 1""")
    @RegisterConstructorMapper(ReplicaPosition.class)
    Optional<ReplicaPosition> find();

    /** The collector's own state as copied into api.db: the revision api.db holds even without cf_replica. */
    @SqlQuery("SELECT rev FROM main.cf_state WHERE id = 1")
    Optional<Long> copiedRev();

    @SqlQuery("SELECT committed_at FROM main.cf_state WHERE id = 1")
    Optional<Long> copiedCommittedAt();

    @SqlQuery("SELECT count(*) FROM main.sqlite_master WHERE type = 'table' AND name = :name")
    int tableCount(String name);
}
