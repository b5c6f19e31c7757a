package io.cryptoflow.replicator.db;

import io.cryptoflow.replicator.core.ConsistencyReport;
import io.cryptoflow.replicator.core.ReplicationMetrics;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares api.db ({@code main}) with collector.db (ATTACHed as {@code src}) inside the caller's
 * transaction, where both are fixed. The periodic check compares the row count and a SHA-256 of
 * every column of the most recently written {@code windowRows} rows of each table (by rev, so its
 * cost is bounded however large the database or a revision is); the full check, on demand, adds
 * whole-table row counts and rev sums and hashes every row.
 */
public final class ConsistencyChecker {

    private static final Logger LOG = LoggerFactory.getLogger(ConsistencyChecker.class);

    private static final byte[] NULL_CELL = {0, 'N'};

    private final ReplicationMetrics metrics;

    public ConsistencyChecker(ReplicationMetrics metrics) {
        this.metrics = metrics;
    }

    /** Compares within the connection's current transaction; both schemas must be at the same revision. */
    public ConsistencyReport compareInTransaction(Connection c, long rev, long windowRows, boolean full) throws SQLException {
        long started = System.nanoTime();
        List<String> mismatches = new ArrayList<>();
        long rows = 0;
        for (String unit : units(c)) {
            rows += compareUnit(c, unit, windowRows, full, mismatches);
        }
        ConsistencyReport report = report(c, rev, full, rows, mismatches);
        metrics.consistencyChecks.inc();
        metrics.consistencyDuration.update(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        return report;
    }

    /**
     * What one check compares, in order: every revisioned table, then the partition lists, then each
     * partition. A periodic check compares a few of them per apply ({@link #compareUnitsInTransaction}),
     * so no apply carries the whole check: done in one, it took 170-600 ms, and every revision the
     * collector committed meanwhile waited behind it (docs/benchmarks.md "Replication lag: the
     * random-id index, the check in one apply, ...").
     */
    public static List<String> units(Connection c) throws SQLException {
        List<String> units = new ArrayList<>();
        for (ReplicatedTable t : ReplicatedTable.revisioned()) {
            units.add(t.name());
        }
        units.add(PartitionChecker.LISTS);
        units.addAll(PartitionChecker.partitions(c, SourceAttachment.SCHEMA));
        return units;
    }

    /**
     * Compares {@code units} (from {@link #units}, names from the closed sets) within the connection's
     * current transaction, both schemas at revision {@code rev}; cf_state is compared every time. A
     * partition gone since the units were listed (expired) is skipped.
     */
    public ConsistencyReport compareUnitsInTransaction(Connection c, long rev, long windowRows, List<String> units)
            throws SQLException {
        List<String> mismatches = new ArrayList<>();
        long rows = 0;
        for (String unit : units) {
            rows += compareUnit(c, unit, windowRows, false, mismatches);
        }
        return report(c, rev, false, rows, mismatches);
    }

    private long compareUnit(Connection c, String unit, long windowRows, boolean full, List<String> mismatches)
            throws SQLException {
        Optional<ReplicatedTable> table = ReplicatedTable.revisioned().stream().filter(t -> t.name().equals(unit)).findFirst();
        if (table.isPresent()) {
            return compareTable(c, table.get(), windowRows, full, mismatches);
        }
        if (unit.equals(PartitionChecker.LISTS)) {
            return PartitionChecker.compareLists(c, mismatches);
        }
        return PartitionChecker.comparePartition(c, unit, windowRows, full, mismatches);
    }

    private static long compareTable(Connection c, ReplicatedTable t, long windowRows, boolean full, List<String> mismatches)
            throws SQLException {
        if (full) {
            // Whole-table counts walk a whole index on both sides: seconds on a large database,
            // inside the apply transaction. Only the on-demand full check pays for them.
            String counts = "SELECT count(*), total(rev) FROM %s." + t.name();
            long[] main = counts(c, counts.formatted("main"));
            long[] src = counts(c, counts.formatted(SourceAttachment.SCHEMA));
            if (main[0] != src[0] || main[1] != src[1]) {
                mismatches.add("%s: api.db has %d rows (rev sum %d), collector.db %d (rev sum %d)"
                        .formatted(t.name(), main[0], main[1], src[0], src[1]));
                return 0;
            }
        }
        long sinceRev = full ? 0 : windowStart(c, t, windowRows);
        // The window is ordered as the rev index is (rev, then rowid = the copied id), so SQLite walks
        // that index instead of the whole table and needs no sort.
        String rowsSql = "SELECT * FROM %s." + t.name()
                + (full ? " ORDER BY " + t.key() : " WHERE rev >= ? ORDER BY " + t.windowOrder());
        Digest mainDigest = digest(c, rowsSql.formatted("main"), full, sinceRev);
        Digest srcDigest = digest(c, rowsSql.formatted(SourceAttachment.SCHEMA), full, sinceRev);
        if (!mainDigest.equals(srcDigest)) {
            mismatches.add("%s: content differs over %s (api.db %d rows %s, collector.db %d rows %s)"
                    .formatted(t.name(), full ? "all rows" : "rev >= " + sinceRev, mainDigest.rows(),
                            mainDigest.hash().substring(0, 12), srcDigest.rows(), srcDigest.hash().substring(0, 12)));
        }
        return srcDigest.rows();
    }

    /** Adds the cf_state comparison and counts a failure. */
    private ConsistencyReport report(Connection c, long rev, boolean full, long rows, List<String> mismatches)
            throws SQLException {
        String state = "SELECT rev, committed_at, busy_events FROM %s.cf_state WHERE id = 1";
        Digest mainState = digest(c, state.formatted("main"), true, 0);
        Digest srcState = digest(c, state.formatted(SourceAttachment.SCHEMA), true, 0);
        if (!mainState.equals(srcState)) {
            mismatches.add("cf_state differs");
        }
        ConsistencyReport report = new ConsistencyReport(rev, true, full, rows, List.copyOf(mismatches));
        if (!report.consistent()) {
            metrics.consistencyFailures.inc();
            LOG.warn("Consistency check at rev {} ({}) found divergence: {}", rev, full ? "full" : "window", mismatches);
        } else {
            LOG.debug("Consistency check at rev {} ({}): {} rows equal", rev, full ? "full" : "window", rows);
        }
        return report;
    }

    /**
     * Attaches collector.db if needed and compares in a read transaction of its own. When the
     * source is at a different revision than api.db the two cannot be compared.
     */
    public ConsistencyReport compareAttached(Connection c, Path source, long windowRows, boolean full) throws SQLException {
        boolean wasAttached = SourceAttachment.isAttached(c);
        SourceAttachment.attach(c, source);
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            long mainRev = rev(c, "main");
            long srcRev = rev(c, SourceAttachment.SCHEMA);
            if (mainRev != srcRev) {
                return ConsistencyReport.notComparable("api.db is at rev " + mainRev + ", collector.db at " + srcRev);
            }
            return compareInTransaction(c, srcRev, windowRows, full);
        } finally {
            c.rollback();
            c.setAutoCommit(auto);
            if (!wasAttached) {
                SourceAttachment.detach(c);
            }
        }
    }

    /** The lowest rev among collector.db's {@code windowRows} most recently written rows of the table. */
    private static long windowStart(Connection c, ReplicatedTable t, long windowRows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(min(rev), 0) FROM (SELECT rev FROM "
                + SourceAttachment.SCHEMA + "." + t.name() + " ORDER BY rev DESC LIMIT ?)")) {
            ps.setLong(1, Math.max(1, windowRows));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** {@code cf_state.rev} in {@code schema} ({@code main} or the ATTACHed source), -1 without a row. */
    public static long rev(Connection c, String schema) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT rev FROM " + schema + ".cf_state WHERE id = 1")) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }

    private static long[] counts(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return new long[] {rs.getLong(1), (long) rs.getDouble(2)};
        }
    }

    record Digest(long rows, String hash) {
    }

    static Digest digest(Connection c, String sql, boolean full, long sinceRev) throws SQLException {
        MessageDigest md = sha256();
        long rows = 0;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (!full) {
                ps.setLong(1, sinceRev);
            }
            try (ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    rows++;
                    for (int i = 1; i <= n; i++) {
                        // SQLite's own text form of each value (no String decoding); NULL is marked apart from ''.
                        byte[] v = rs.getBytes(i);
                        md.update(v == null ? NULL_CELL : v);
                        md.update((byte) 0x1f);
                    }
                    md.update((byte) 0x1e);
                }
            }
        }
        return new Digest(rows, HexFormat.of().formatHex(md.digest()));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
