package io.cryptoflow.collector.store;

import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Deleting rows the replicator must follow: each deleted row leaves a {@code cf_tombstones} row with
 * the deleting revision. {@code table} is always {@code Timeframe.table()}.
 */
interface TombstoneDao {

    /**
     * Sessions whose UTC day starts before the bound, by the same day-start ms the tombstone carries
     * (0 for a date SQLite cannot parse, so an unbounded purge still deletes such a row).
     */
    String SESSION_DAY = "coalesce(CAST(strftime('%s', date) AS INTEGER) * 1000, 0)";

    @SqlQuery("SELECT count(*) FROM <table> WHERE symbol = :symbol AND time < :before")
    int countCandles(@Define("table") String table, @Bind("symbol") String symbol, @Bind("before") long before);

    @SqlUpdate("""
            INSERT INTO cf_tombstones (rev, tbl, symbol, time, deleted_at)
            SELECT :rev, :table, symbol, time, :now FROM <table> WHERE symbol = :symbol AND time < :before""")
    int tombstoneCandles(@Define("table") @Bind("table") String table, @Bind("symbol") String symbol,
                         @Bind("before") long before, @Bind("rev") long rev, @Bind("now") long now);

    @SqlUpdate("DELETE FROM <table> WHERE symbol = :symbol AND time < :before")
    int deleteCandles(@Define("table") String table, @Bind("symbol") String symbol, @Bind("before") long before);

    @SqlQuery("SELECT count(*) FROM sessions WHERE symbol = :symbol AND " + SESSION_DAY + " < :before")
    int countSessions(@Bind("symbol") String symbol, @Bind("before") long before);

    /** A session's tombstone carries the epoch ms of its UTC day's start: the column is an integer. */
    @SqlUpdate("INSERT INTO cf_tombstones (rev, tbl, symbol, time, deleted_at) SELECT :rev, 'sessions', symbol, "
            + SESSION_DAY + ", :now FROM sessions WHERE symbol = :symbol AND " + SESSION_DAY + " < :before")
    int tombstoneSessions(@Bind("symbol") String symbol, @Bind("before") long before,
                          @Bind("rev") long rev, @Bind("now") long now);

    @SqlUpdate("DELETE FROM sessions WHERE symbol = :symbol AND " + SESSION_DAY + " < :before")
    int deleteSessions(@Bind("symbol") String symbol, @Bind("before") long before);

    /** Null when no tombstone was written before the cutoff. */
    @SqlQuery("SELECT max(rev) FROM cf_tombstones WHERE deleted_at < :cutoff")
    Long newestRevisionDeletedBefore(@Bind("cutoff") long cutoff);

    @SqlUpdate("DELETE FROM cf_tombstones WHERE rev <= :upTo")
    int deleteTombstonesUpTo(@Bind("upTo") long upTo);
}
