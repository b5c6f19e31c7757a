package io.cryptoflow.replicator.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import io.cryptoflow.common.SqliteConnections;
import io.cryptoflow.replicator.core.ConsistencyReport;
import io.cryptoflow.replicator.core.ReplicationMetrics;
import io.cryptoflow.replicator.core.ReplicationStatus;
import io.cryptoflow.replicator.core.ReplicationStrategy;
import io.cryptoflow.replicator.support.CollectorFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsistencyCheckerTest {

    @TempDir
    Path dir;

    private final MetricRegistry registry = new MetricRegistry();
    private final ReplicationMetrics metrics =
            new ReplicationMetrics(registry, new ReplicationStatus(ReplicationStrategy.INCREMENTAL));
    private Path source;
    private Path replica;

    @BeforeEach
    void twoEqualDatabases() throws Exception {
        source = dir.resolve("collector.db");
        replica = dir.resolve("api.db");
        try (CollectorFixture collector = new CollectorFixture(source, 10, 3)) {
            for (int i = 0; i < 5; i++) {
                collector.commitBatch();
            }
        }
        Files.copy(source, replica);
    }

    private ConsistencyReport compare(long windowRows, boolean full) throws Exception {
        try (Connection c = SqliteConnections.openWriter(replica)) {
            return new ConsistencyChecker(metrics).compareAttached(c, source, windowRows, full);
        }
    }

    private void onReplica(String sql) throws Exception {
        try (Connection c = SqliteConnections.openWriter(replica); Statement s = c.createStatement()) {
            assertThat(s.executeUpdate(sql)).isEqualTo(1);
        }
    }

    @Test
    void equalDatabasesAreConsistentInWindowAndFullChecks() throws Exception {
        assertThat(compare(500, false).consistent()).isTrue();
        ConsistencyReport full = compare(0, true);
        assertThat(full.consistent()).isTrue();
        assertThat(full.rowsCompared()).isEqualTo(50 + 1);
        assertThat(registry.counter("cryptoflow.replicator.consistency.checks").getCount()).isEqualTo(2);
    }

    /** The periodic check's units, compared one per apply, find a divergence in the unit holding it and nowhere else. */
    @Test
    void aCheckSplitIntoUnitsFindsTheDivergenceInItsOwnUnit() throws Exception {
        onReplica("UPDATE candles_15 SET close = close + 1 WHERE id = 50");
        try (Connection c = SqliteConnections.openWriter(replica)) {
            SourceAttachment.attach(c, source);
            c.setAutoCommit(false);
            ConsistencyChecker checker = new ConsistencyChecker(metrics);
            List<String> units = ConsistencyChecker.units(c);
            assertThat(units).contains("candles_15", "candles_60", "partition lists");
            List<String> diverged = new ArrayList<>();
            for (String unit : units) {
                if (!checker.compareUnitsInTransaction(c, 5, 500, List.of(unit)).consistent()) {
                    diverged.add(unit);
                }
            }
            c.rollback();
            assertThat(diverged).containsExactly("candles_15");
        }
    }

    @Test
    void tellsNullFromEmptyText() throws Exception {
        onReplica("UPDATE candles_15 SET clusters = NULL WHERE id = 50");
        assertThat(compare(500, false).mismatches()).singleElement().asString().startsWith("candles_15: content differs");
        assertThat(registry.counter("cryptoflow.replicator.consistency.failures").getCount()).isEqualTo(1);
    }

    @Test
    void tellsAnIntegerFromTheSameRealValue() throws Exception {
        onReplica("UPDATE candles_15 SET trade_count = 42.5 WHERE id = 50");
        assertThat(compare(500, false).consistent()).isFalse();
    }

    @Test
    void aMissingRowOutsideTheWindowIsFoundByTheFullChecksCountsNotByThePeriodicCheck() throws Exception {
        onReplica("DELETE FROM candles_15 WHERE id = 1");
        assertThat(compare(1, false).consistent()).as("the periodic check stays O(window)").isTrue();
        ConsistencyReport report = compare(0, true);
        assertThat(report.mismatches()).singleElement().asString().contains("api.db has 49 rows");
    }

    @Test
    void aChangedOldRowIsFoundOnlyByTheFullCheckWhenOutsideTheWindow() throws Exception {
        onReplica("UPDATE candles_15 SET close = close + 0.5 WHERE id = 2");
        assertThat(compare(5, false).consistent()).isTrue();
        assertThat(compare(0, true).consistent()).isFalse();
    }

    @Test
    void databasesAtDifferentRevisionsAreNotComparable() throws Exception {
        onReplica("UPDATE cf_state SET rev = rev - 1 WHERE id = 1");
        ConsistencyReport report = compare(500, false);
        assertThat(report.comparable()).isFalse();
        assertThat(report.mismatches()).singleElement().asString().contains("api.db is at rev 4, collector.db at 5");
    }
}
