package io.cryptoflow.replicator.support;

import io.cryptoflow.common.SqliteConnections;
import io.cryptoflow.common.Timeframe;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads api.db read-only in a loop like the API does and checks, in each read transaction, the
 * invariant {@link CollectorFixture} keeps: a complete set of rows for every revision up to the
 * copied cf_state.rev, nothing newer. Records every error and every violation.
 */
public final class ReplicaSnapshotReader implements Runnable {

    private final Path apiDb;
    private final int rowsPerRev;
    private final AtomicBoolean running = new AtomicBoolean(true);
    public final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    public final AtomicLong reads = new AtomicLong();
    public final AtomicLong maxRevSeen = new AtomicLong(-1);
    private final Thread thread;

    public ReplicaSnapshotReader(Path apiDb, int rowsPerRev) {
        this.apiDb = apiDb;
        this.rowsPerRev = rowsPerRev;
        this.thread = new Thread(this, "api-reader");
    }

    public ReplicaSnapshotReader start() {
        thread.start();
        return this;
    }

    public void stop() throws InterruptedException {
        running.set(false);
        thread.join(10_000);
    }

    @Override
    public void run() {
        try (Connection c = SqliteConnections.openReadOnly(apiDb)) {
            while (running.get()) {
                try {
                    check(c);
                    reads.incrementAndGet();
                    Thread.sleep(1);
                } catch (SQLException e) {
                    problems.add("read failed: " + e.getMessage());
                    try {
                        c.rollback();
                        c.setAutoCommit(true);
                    } catch (SQLException ignored) {
                        // reported above
                    }
                }
            }
        } catch (SQLException e) {
            problems.add("open failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void check(Connection c) throws SQLException {
        long[] seen = read(c);
        if (seen[4] != 0) {
            problems.add(describe(seen));
        }
        maxRevSeen.accumulateAndGet(seen[0], Math::max);
    }

    /** Reads api.db once and returns a violation of the collector fixture's invariant, or null. */
    public static String violation(Path apiDb, int rowsPerRev) throws SQLException {
        try (Connection c = SqliteConnections.openReadOnly(apiDb)) {
            long[] seen = readState(c, rowsPerRev);
            return seen[4] != 0 ? describe(seen) : null;
        }
    }

    /** The revision api.db holds (-1 when it has no cf_state yet). */
    public static long revision(Path apiDb) throws SQLException {
        try (Connection c = SqliteConnections.openReadOnly(apiDb); Statement s = c.createStatement()) {
            return one(s, "SELECT rev FROM cf_state WHERE id = 1");
        }
    }

    private long[] read(Connection c) throws SQLException {
        return readState(c, rowsPerRev);
    }

    private static String describe(long[] seen) {
        return "inconsistent snapshot: rev=%d rows=%d total=%d maxRev=%d".formatted(seen[0], seen[1], seen[2], seen[3]);
    }

    private static long[] readState(Connection c, int rowsPerRev) throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            long rev = one(s, "SELECT rev FROM cf_state WHERE id = 1");
            long count = one(s, "SELECT count(*) FROM " + Timeframe.M15.table());
            long maxRev = one(s, "SELECT coalesce(max(rev), 0) FROM " + Timeframe.M15.table());
            long total = one(s, "SELECT coalesce(max(CAST(volume AS INTEGER)), 0) FROM " + Timeframe.D1.table()
                    + " WHERE symbol = '" + CollectorFixture.TOTAL + "'");
            boolean bad = count != rev * rowsPerRev || total != count || maxRev != rev;
            return new long[] {rev, count, total, maxRev, bad ? 1 : 0};
        } finally {
            c.commit();
            c.setAutoCommit(true);
        }
    }

    private static long one(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
