package io.cryptoflow.replicator.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cryptoflow.common.CandleSchema;
import io.cryptoflow.common.SqliteConnections;
import io.cryptoflow.common.Timeframe;
import io.cryptoflow.replicator.core.ConsistencyReport;
import io.cryptoflow.replicator.core.ReplicationSettings;
import io.cryptoflow.replicator.core.ReplicationStrategy;
import io.cryptoflow.replicator.db.ReplicaDatabase;
import io.cryptoflow.replicator.support.CollectorFixture;
import io.cryptoflow.replicator.support.Harness;
import io.cryptoflow.replicator.support.ReplicaSnapshotReader;
import io.cryptoflow.replicator.support.SqliteFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncrementalReplicationTest {

    private static final int ROWS_PER_REV = 20;
    private static final long H1_TIME = 1_700_002_800_000L;

    @TempDir
    Path dir;

    private Path collectorDb() {
        return dir.resolve("collector.db");
    }

    private Path apiDb() {
        return dir.resolve("api.db");
    }

    private ReplicationSettings settings() {
        // a check interval of a day: tests that want the periodic check ask for it explicitly
        return ReplicationSettings.defaults(collectorDb(), apiDb(), ReplicationStrategy.INCREMENTAL)
                .withIntervals(Duration.ofSeconds(1), Duration.ofMillis(10))
                .withConsistencyCheck(Duration.ofDays(1), 1000);
    }

    @Test
    void bootstrapsBySnapshotThenCopiesOnlyTheNewRevisions() throws Exception {
        try (CollectorFixture collector = new CollectorFixture(collectorDb(), ROWS_PER_REV, 10);
                Harness h = new Harness(settings())) {
            for (int i = 0; i < 5; i++) {
                collector.commitBatch();
            }
            h.loop.tick();
            assertThat(h.metrics.snapshots.getCount()).isEqualTo(1);
            assertThat(h.status.position()).isEqualTo(5);

            for (int i = 0; i < 3; i++) {
                collector.commitBatch();
            }
            h.loop.tick();
            assertThat(h.metrics.snapshots.getCount()).isEqualTo(1);
            assertThat(h.status.position()).isEqualTo(8);
            // the net change, not the writes: 60 new candles, rev 5's first candle (updated by rev 6), TOTAL
            assertThat(h.metrics.rowsApplied.getCount()).isEqualTo(3 * ROWS_PER_REV + 2);
            assertThat(SqliteFiles.queryLong(apiDb(), "SELECT source_rev FROM cf_replica")).isEqualTo(8);
            assertThat(SqliteFiles.queryString(apiDb(), "SELECT strategy FROM cf_replica")).isEqualTo("incremental");
            assertThat(SqliteFiles.queryLong(apiDb(), "SELECT rev FROM cf_state")).isEqualTo(8);
            assertThat(h.replication.verify().consistent()).isTrue();
            assertThat(h.metrics.lag.getCount()).isEqualTo(2);

            h.loop.tick();
            assertThat(h.metrics.rowsApplied.getCount()).isEqualTo(3 * ROWS_PER_REV + 2);
        }
    }

    @Test
    void anIdlePollConfirmsTheRevisionInItsOwnTableWithoutTouchingThePageStamp() throws Exception {
        try (CollectorFixture collector = new CollectorFixture(collectorDb(), ROWS_PER_REV, 10);
                Harness h = new Harness(settings())) {
            collector.commitBatch();
            collector.commitBatch();
            h.loop.tick();
            String stamp = SqliteFiles.queryString(apiDb(), "SELECT source_rev || ':' || applied_at FROM cf_replica");

            long before = System.currentTimeMillis();
            Thread.sleep(60); // polls within 50 ms of a state read skip it while nothing changed
            h.loop.tick();
            assertThat(SqliteFiles.queryLong(apiDb(), "SELECT source_rev FROM cf_replica_check")).isEqualTo(2);
            long confirmed = SqliteFiles.queryLong(apiDb(), "SELECT checked_at FROM cf_replica_check");
            assertThat(confirmed).isBetween(before, System.currentTimeMillis());
            assertThat(SqliteFiles.queryString(apiDb(), "SELECT source_rev || ':' || applied_at FROM cf_replica"))
                    .as("the page stamp, which every cached page and ETag depends on").isEqualTo(stamp);

            Thread.sleep(60);
            h.loop.tick();
            assertThat(SqliteFiles.queryLong(apiDb(), "SELECT checked_at FROM cf_replica_check"))
                    .as("written at most every 10 s, not every poll").isEqualTo(confirmed);
            assertThat(h.replication.verify().consistent()).as("the check table is bookkeeping, not schema").isTrue();

            h.replication.resync("test: a snapshot replaces the file, the check table with it");
            Thread.sleep(60);
            h.loop.tick();
            assertThat(SqliteFiles.queryLong(apiDb(), "SELECT source_rev FROM cf_replica_check")).isEqualTo(2);
        }
    }

    @Test
    void readerNeverErrorsAndSeesOnlyWholeRevisionsWhileTheCollectorWrites() throws Exception {
        try (CollectorFixture collector = new CollectorFixture(collectorDb(), ROWS_PER_REV, 40);
                Harness h = new Harness(settings().withConsistencyCheck(Duration.ofMillis(500), 50))) {
            collector.commitBatch();
            h.loop.tick();
            ReplicaSnapshotReader reader = new ReplicaSnapshotReader(apiDb(), ROWS_PER_REV).start();
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicReference<Throwable> writerError = new AtomicReference<>();
            Thread writer = new Thread(() -> {
                try {
                    while (writing.get()) {
                        collector.commitBatch();
                        Thread.sleep(5);
                    }
                } catch (Throwable t) {
                    writerError.set(t);
                }
            });
            writer.start();
            h.start();
            Thread.sleep(2000);
            writing.set(false);
            writer.join();
            long finalRev = collector.rev();
            await().atMost(Duration.ofSeconds(10)).until(() -> h.status.position() == finalRev);
            await().atMost(Duration.ofSeconds(5)).until(() -> reader.maxRevSeen.get() == finalRev);
            reader.stop();

            assertThat(writerError.get()).isNull();
            assertThat(reader.problems).isEmpty();
            assertThat(reader.reads.get()).isGreaterThan(50);
            assertThat(h.metrics.snapshots.getCount()).isEqualTo(1);
            assertThat(h.metrics.fallbackSnapshots.getCount()).isZero();
            assertThat(h.metrics.consistencyChecks.getCount()).isGreaterThan(0);
            assertThat(h.metrics.consistencyFailures.getCount()).isZero();
            assertThat(h.metrics.applyDuration.getCount()).isGreaterThanOrEqualTo(2);
            assertThat(h.metrics.lag.getCount()).isGreaterThanOrEqualTo(h.metrics.applyDuration.getCount());
            assertThat(h.metrics.walBytesWritten.getCount()).isGreaterThan(0);
            assertThat(h.loop.requestVerify().get(10, java.util.concurrent.TimeUnit.SECONDS).consistent()).isTrue();
        }
    }

    @Test
    void appliesAreVisibleAtOnceButCheckpointedOnTheirOwnThreadAtMostOncePerInterval() throws Exception {
        try (CollectorFixture collector = new CollectorFixture(collectorDb(), ROWS_PER_REV, 10);
                Harness h = new Harness(settings().withCheckpointInterval(Duration.ofMillis(300)))) {
            collector.commitBatch();
            h.loop.tick();
            h.start();
            long started = System.nanoTime();
            for (int i = 0; i < 60; i++) {
                long rev = collector.commitBatch();
                await().pollInterval(Duration.ofMillis(2)).atMost(Duration.ofSeconds(10)).until(() -> h.status.position() >= rev);
                assertThat(SqliteFiles.queryLong(apiDb(), "SELECT source_rev FROM cf_replica")).isGreaterThanOrEqualTo(rev);
                Thread.sleep(20);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> h.metrics.checkpointDuration.getCount() > 0);
            long elapsedMs = (System.nanoTime() - started) / 1_000_000 + 600;
            assertThat(h.metrics.applyDuration.getCount()).isGreaterThanOrEqualTo(60);
            assertThat(h.metrics.checkpointDuration.getCount()).isLessThanOrEqualTo(elapsedMs / 300 + 1);
            assertThat(h.metrics.walBytesWritten.getCount()).isGreaterThan(0);
        }
    }

    /** A journal size limit small enough that the tests' few MB reach the WAL cap (4 limits: 1 MiB). */
    private static final long SMALL_JOURNAL_LIMIT = 256 * 1024;
    /** What one apply of these tests can add past the cap before the commit's auto-checkpoint runs. */
    private static final long ONE_APPLY_BYTES = 512 * 1024;

    private ReplicationSettings smallJournalSettings() {
        ReplicationSettings s = settings();
        return new ReplicationSettings(s.source(), s.target(), s.strategy(), s.snapshotInterval(), s.pollInterval(),
                s.maxLag(), s.consistencyCheckInterval(), s.consistencyWindowRows(), SMALL_JOURNAL_LIMIT,
                s.checkpointInterval());
    }

    /** The first batch by a tick (the bootstrap snapshot), then the loop on its own thread. */
    private static void bootstrapThenStart(CollectorFixture collector, Harness h) throws Exception {
        collector.commitBatch();
        h.loop.tick();
        h.start();
    }

    private static void commitAndAwaitApplied(CollectorFixture collector, Harness h) throws Exception {
        long rev = collector.commitBatch();
        await().pollInterval(Duration.ofMillis(2)).atMost(Duration.ofSeconds(10)).until(() -> h.status.position() >= rev);
    }

    @Test
    void withoutCheckpointsTheWalGrowsOnlyToSqlitesAutoCheckpointBound() throws Exception {
        try (CollectorFixture collector = new CollectorFixture(collectorDb(), 50, 40);
                Harness h = new Harness(smallJournalSettings().withCheckpointInterval(Duration.ofHours(1)))) {
            bootstrapThenStart(collector, h);
            for (int i = 0; i < 100; i++) {
                commitAndAwaitApplied(collector, h);
            }
            long pageSize = SqliteFiles.queryLong(apiDb(), "PRAGMA page_size");
            long capFrames = ReplicaDatabase.WAL_CAP_JOURNAL_LIMITS * SMALL_JOURNAL_LIMIT / pageSize;
            assertThat(h.metrics.checkpointDuration.getCount()).isZero();
            assertThat(SqliteFiles.walSize(apiDb())).isGreaterThan(0)
                    .isLessThanOrEqualTo(capFrames * (pageSize + 24) + ONE_APPLY_BYTES);
        }
    }

    @Test
    void appliesDeletionsFromTombstonesAndReinsertions() throws Exception {
        try (CollectorFixture collector = new CollectorFixture(collectorDb(), ROWS_PER_REV, 0);
                Harness h = new Harness(settings())) {
            collector.commitBatch();
            collector.upsertCandle(Timeframe.H1, CollectorFixture.SYMBOL, H1_TIME, 50_000);
            h.loop.tick();
            String count = "SELECT count(*) FROM candles_60 WHERE time = " + H1_TIME;
            assertThat(SqliteFiles.queryLong(apiDb(), count)).isEqualTo(1);

            collector.deleteCandle(Timeframe.H1, CollectorFixture.SYMBOL, H1_TIME);
            h.loop.tick();
            assertThat(SqliteFiles.queryLong(apiDb(), count)).isZero();
            assertThat(h.metrics.tombstonesApplied.getCount()).isEqualTo(1);

            collector.deleteCandle(Timeframe.H1, CollectorFixture.SYMBOL, H1_TIME + 3_600_000);
            collector.upsertCandle(Timeframe.H1, CollectorFixture.SYMBOL, H1_TIME, 51_000);
            h.loop.tick();
            assertThat(SqliteFiles.queryLong(apiDb(), "SELECT CAST(close AS INTEGER) FROM candles_60 WHERE time = "
                    + H1_TIME)).isEqualTo(51_000);
            assertThat(h.metrics.fallbackSnapshots.getCount()).isZero();
            assertThat(h.replication.verify().consistent()).isTrue();
        }
    }

    /**
     * A backlog of collector revisions (the replicator was busy or starved) drains in one apply and
     * one api.db commit, not one commit per revision: lag does not compound behind a slow apply.
     */
    @Test
    void severalPendingRevisionsAreAppliedInOneTransaction() throws Exception {
        try (CollectorFixture collector = new CollectorFixture(collectorDb(), ROWS_PER_REV, 0);
                Harness h = new Harness(settings())) {
            collector.commitBatch();
            collector.upsertCandle(Timeframe.H1, CollectorFixture.SYMBOL, H1_TIME, 50_000);
            h.loop.tick();
            long applies = h.metrics.applyDuration.getCount();
            long lags = h.metrics.lag.getCount();

            collector.commitBatch();
            collector.deleteCandle(Timeframe.H1, CollectorFixture.SYMBOL, H1_TIME);
            collector.commitBatch();
            collector.upsertCandle(Timeframe.H1, CollectorFixture.SYMBOL, H1_TIME + 3_600_000, 52_000);
            long last = collector.commitBatch();
            h.loop.tick();

            assertThat(h.metrics.applyDuration.getCount()).isEqualTo(applies + 1);
            assertThat(h.metrics.lag.getCount()).isEqualTo(lags + 1);
            assertThat(h.status.position()).isEqualTo(last);
            assertThat(SqliteFiles.queryLong(apiDb(), "SELECT source_rev FROM cf_replica")).isEqualTo(last);
            assertThat(SqliteFiles.queryLong(apiDb(), "SELECT rev FROM cf_state")).isEqualTo(last);
            assertThat(SqliteFiles.queryLong(apiDb(), "SELECT count(*) FROM candles_60 WHERE time = " + H1_TIME)).isZero();
            assertThat(SqliteFiles.queryLong(apiDb(), "SELECT count(*) FROM candles_60 WHERE time = "
                    + (H1_TIME + 3_600_000))).isEqualTo(1);
            assertThat(h.metrics.tombstonesApplied.getCount()).isEqualTo(1);
            assertThat(h.metrics.fallbackSnapshots.getCount()).isZero();
            assertThat(h.replication.verify().consistent()).isTrue();
        }
    }

    @Test
    void tombstonesPrunedPastThePositionFallBackToASnapshotAndPrunedBehindItDoNot() throws Exception {
        try (CollectorFixture collector = new CollectorFixture(collectorDb(), ROWS_PER_REV, 0);
                Harness h = new Harness(settings())) {
            ensurePruneMark(collector);
            collector.commitBatch();
            collector.upsertCandle(Timeframe.H1, CollectorFixture.SYMBOL, H1_TIME, 50_000);
            collector.upsertCandle(Timeframe.H1, CollectorFixture.SYMBOL, H1_TIME + 3_600_000, 50_100);
            h.loop.tick();
            String count = "SELECT count(*) FROM candles_60 WHERE time IN (" + H1_TIME + ", " + (H1_TIME + 3_600_000) + ")";
            assertThat(SqliteFiles.queryLong(apiDb(), count)).isEqualTo(2);

            long deletedAt = collector.deleteCandle(Timeframe.H1, CollectorFixture.SYMBOL, H1_TIME);
            h.loop.tick();
            assertThat(SqliteFiles.queryLong(apiDb(), "SELECT count(*) FROM cf_tombstones")).isEqualTo(1);
            pruneTombstonesThrough(collector, deletedAt);
            collector.commitBatch();
            h.loop.tick();
            assertThat(h.metrics.fallbackSnapshots.getCount()).as("pruned behind the position").isZero();
            assertThat(SqliteFiles.queryLong(apiDb(), count)).isEqualTo(1);
            assertThat(SqliteFiles.queryLong(apiDb(), "SELECT count(*) FROM cf_tombstones"))
                    .as("api.db follows the collector's retention").isZero();

            long deletedLater = collector.deleteCandle(Timeframe.H1, CollectorFixture.SYMBOL, H1_TIME + 3_600_000);
            pruneTombstonesThrough(collector, deletedLater);
            collector.commitBatch();
            h.loop.tick();
            assertThat(h.metrics.fallbackSnapshots.getCount()).as("pruned past the position").isEqualTo(1);
            assertThat(SqliteFiles.queryLong(apiDb(), count)).isZero();
            assertThat(h.replication.verify().consistent()).isTrue();
        }
    }

    /** Adds the schema-2 column when the fixture's schema predates it (then the replicator snapshots once). */
    private static void ensurePruneMark(CollectorFixture collector) throws Exception {
        try (Statement s = collector.connection().createStatement();
                var rs = s.executeQuery("SELECT count(*) FROM pragma_table_info('cf_state') WHERE name = '"
                        + CandleSchema.STATE_PRUNED_REV + "'")) {
            rs.next();
            if (rs.getLong(1) == 0) {
                s.execute("ALTER TABLE cf_state ADD COLUMN " + CandleSchema.STATE_PRUNED_REV
                        + " INTEGER NOT NULL DEFAULT 0");
            }
        }
    }

    /** What the collector's retention does: drop old tombstones and mark how far, without a new revision. */
    private static void pruneTombstonesThrough(CollectorFixture collector, long rev) throws Exception {
        try (Statement s = collector.connection().createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            s.executeUpdate("UPDATE cf_state SET " + CandleSchema.STATE_PRUNED_REV + " = " + rev + " WHERE id = 1");
            s.executeUpdate("DELETE FROM cf_tombstones WHERE rev <= " + rev);
            s.execute("COMMIT");
        }
    }

    @Test
    void aSessionsTombstoneDeletesThatDayIncrementally() throws Exception {
        long day = 1_700_006_400_000L; // 2023-11-15T00:00Z
        try (CollectorFixture collector = new CollectorFixture(collectorDb(), ROWS_PER_REV, 0);
                Harness h = new Harness(settings())) {
            collector.commitBatch();
            try (Statement s = collector.connection().createStatement()) {
                s.executeUpdate("UPDATE cf_state SET rev = rev + 1 WHERE id = 1");
                s.executeUpdate("INSERT INTO sessions(symbol, date, poc, volume, rev) VALUES ('BINANCE:BTCUSDT', '2023-11-15', 1, 2, 2)");
                s.executeUpdate("INSERT INTO sessions(symbol, date, poc, volume, rev) VALUES ('BINANCE:BTCUSDT', '2023-11-16', 1, 2, 2)");
            }
            h.loop.tick();
            assertThat(SqliteFiles.queryLong(apiDb(), "SELECT count(*) FROM sessions")).isEqualTo(2);
            try (Statement s = collector.connection().createStatement()) {
                s.executeUpdate("UPDATE cf_state SET rev = rev + 1 WHERE id = 1");
                s.executeUpdate("DELETE FROM sessions WHERE date = '2023-11-15'");
                s.executeUpdate("INSERT INTO cf_tombstones(rev, tbl, symbol, time) VALUES (3, 'sessions', 'BINANCE:BTCUSDT', " + day + ")");
            }
            h.loop.tick();
            assertThat(h.metrics.fallbackSnapshots.getCount()).isZero();
            assertThat(h.metrics.tombstonesApplied.getCount()).isEqualTo(1);
            assertThat(SqliteFiles.queryString(apiDb(), "SELECT group_concat(date) FROM sessions")).isEqualTo("2023-11-16");
            assertThat(h.replication.verify().consistent()).isTrue();
        }
    }

    @Test
    void tombstoneForATableOutsideTheClosedSetFallsBackToASnapshot() throws Exception {
        try (CollectorFixture collector = new CollectorFixture(collectorDb(), ROWS_PER_REV, 0);
                Harness h = new Harness(settings())) {
            collector.commitBatch();
            h.loop.tick();
            try (Statement s = collector.connection().createStatement()) {
                s.executeUpdate("UPDATE cf_state SET rev = rev + 1 WHERE id = 1");
                s.executeUpdate("INSERT INTO cf_tombstones(rev, tbl, symbol, time) VALUES (2, 'sqlite_master; --', 'x', 0)");
            }
            h.loop.tick();
            assertThat(h.metrics.fallbackSnapshots.getCount()).isEqualTo(1);
            assertThat(h.status.position()).isEqualTo(2);
            assertThat(h.replication.verify().consistent()).isTrue();
        }
    }

    @Test
    void schemaChangeInCollectorDbFallsBackToASnapshotThatCarriesIt() throws Exception {
        try (CollectorFixture collector = new CollectorFixture(collectorDb(), ROWS_PER_REV, 0);
                Harness h = new Harness(settings())) {
            collector.commitBatch();
            h.loop.tick();
            try (Statement s = collector.connection().createStatement()) {
                s.execute("CREATE INDEX candles_60_close ON candles_60(close)");
            }
            collector.commitBatch();
            h.loop.tick();
            assertThat(h.metrics.fallbackSnapshots.getCount()).isEqualTo(1);
            assertThat(SqliteFiles.queryLong(apiDb(),
                    "SELECT count(*) FROM sqlite_master WHERE name = 'candles_60_close'")).isEqualTo(1);

            try (Statement s = collector.connection().createStatement()) {
                s.execute("ALTER TABLE candles_60 ADD COLUMN open_interest REAL");
                s.execute("PRAGMA user_version = 2");
            }
            collector.commitBatch();
            h.loop.tick();
            assertThat(h.metrics.fallbackSnapshots.getCount()).isEqualTo(2);
            assertThat(SqliteFiles.queryLong(apiDb(), "PRAGMA user_version")).isEqualTo(2);
            collector.upsertCandle(Timeframe.H1, CollectorFixture.SYMBOL, H1_TIME, 1);
            h.loop.tick();
            assertThat(h.metrics.fallbackSnapshots.getCount()).isEqualTo(2);
            assertThat(h.replication.verify().consistent()).isTrue();
        }
    }

    @Test
    void collectorDbReplacedUnderARunningReplicatorByAnOlderStateFallsBackToASnapshot() throws Exception {
        try (Harness h = new Harness(settings())) {
            try (CollectorFixture collector = new CollectorFixture(collectorDb(), ROWS_PER_REV, 0)) {
                for (int i = 0; i < 4; i++) {
                    collector.commitBatch();
                }
                h.loop.tick();
            }
            for (String suffix : new String[] {"", "-wal", "-shm"}) {
                Files.deleteIfExists(dir.resolve("collector.db" + suffix));
            }
            try (CollectorFixture collector = new CollectorFixture(collectorDb(), ROWS_PER_REV, 0)) {
                collector.commitBatch();
                h.loop.tick();
            }
            assertThat(h.metrics.fallbackSnapshots.getCount()).isEqualTo(1);
            assertThat(h.status.position()).isEqualTo(1);
            assertThat(SqliteFiles.queryLong(apiDb(), "SELECT count(*) FROM candles_15")).isEqualTo(ROWS_PER_REV);
        }
    }

    @Test
    void periodicCheckFindsADivergedReplicaAndResyncsIt() throws Exception {
        try (CollectorFixture collector = new CollectorFixture(collectorDb(), ROWS_PER_REV, 0);
                Harness h = new Harness(settings().withConsistencyCheck(Duration.ZERO, 1000))) {
            collector.commitBatch();
            collector.commitBatch();
            h.loop.tick();
            try (Connection api = SqliteConnections.openWriter(apiDb()); Statement s = api.createStatement()) {
                s.executeUpdate("UPDATE candles_15 SET close = close + 1 WHERE id = 3");
            }
            // the periodic check compares a few tables per apply: its round reaches candles_15 within a few ticks
            for (int i = 0; i < 100 && h.metrics.consistencyFailures.getCount() == 0; i++) {
                h.loop.tick();
            }
            assertThat(h.metrics.consistencyFailures.getCount()).isEqualTo(1);
            assertThat(h.metrics.fallbackSnapshots.getCount()).isEqualTo(1);
            h.loop.tick();
            assertThat(h.metrics.consistencyFailures.getCount()).isEqualTo(1);
            assertThat(h.replication.verify().consistent()).isTrue();
        }
    }

    @Test
    void fullVerifyFindsDivergenceOutsideTheRecentWindowAndResyncs() throws Exception {
        try (CollectorFixture collector = new CollectorFixture(collectorDb(), ROWS_PER_REV, 0);
                Harness h = new Harness(settings().withConsistencyCheck(Duration.ZERO, 1))) {
            for (int i = 0; i < 5; i++) {
                collector.commitBatch();
            }
            h.loop.tick();
            try (Connection api = SqliteConnections.openWriter(apiDb()); Statement s = api.createStatement()) {
                assertThat(s.executeUpdate("UPDATE candles_15 SET close = close + 1 WHERE rev = 1 AND id = 2")).isEqualTo(1);
            }
            h.loop.tick();
            assertThat(h.metrics.consistencyFailures.getCount()).isZero();
            ConsistencyReport full = h.replication.verify();
            assertThat(full.consistent()).isFalse();
            assertThat(String.join(" ", full.mismatches())).contains("candles_15").contains("resynced");
            assertThat(h.metrics.fallbackSnapshots.getCount()).isEqualTo(1);
            assertThat(h.replication.verify().consistent()).isTrue();
        }
    }

    @Test
    void restartResumesFromApiDbWithoutASnapshotEvenIfTheStampIsMissing() throws Exception {
        try (CollectorFixture collector = new CollectorFixture(collectorDb(), ROWS_PER_REV, 0)) {
            try (Harness first = new Harness(settings())) {
                collector.commitBatch();
                first.loop.tick();
                collector.commitBatch();
                first.loop.tick();
            }
            // as if killed between a snapshot's copy and its cf_replica stamp
            try (Connection api = SqliteConnections.openWriter(apiDb()); Statement s = api.createStatement()) {
                s.execute("DROP TABLE cf_replica");
            }
            collector.commitBatch();
            try (Harness second = new Harness(settings())) {
                second.loop.tick();
                assertThat(second.metrics.snapshots.getCount()).isZero();
                assertThat(second.status.position()).isEqualTo(3);
                assertThat(second.metrics.rowsApplied.getCount()).isEqualTo(ROWS_PER_REV + 2);
                assertThat(second.replication.verify().consistent()).isTrue();
            }
        }
    }

    @Test
    void corruptApiDbIsMovedAsideAndRebuilt() throws Exception {
        try (CollectorFixture collector = new CollectorFixture(collectorDb(), ROWS_PER_REV, 0)) {
            collector.commitBatch();
            Files.write(apiDb(), new byte[8192]);
            Files.writeString(apiDb(), "this is not a database, just bytes where api.db should be");
            try (Harness h = new Harness(settings())) {
                h.loop.tick();
                h.loop.tick();
                assertThat(h.status.position()).isEqualTo(1);
                assertThat(SqliteFiles.integrityCheck(apiDb())).isEqualTo("ok");
                assertThat(h.replication.verify().consistent()).isTrue();
            }
            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("api.db.corrupt-"));
            }
        }
    }

    /** A restarted WAL keeps its file below the cap: no ftruncate in the first commit after each restart. */
    @Test
    void theWalFileIsNotCutBackBelowTheCapWhenItRestarts() throws Exception {
        try (CollectorFixture collector = new CollectorFixture(collectorDb(), 20, 10);
                Harness h = new Harness(smallJournalSettings().withCheckpointInterval(Duration.ofMillis(100)))) {
            bootstrapThenStart(collector, h);
            long walCap = ReplicaDatabase.WAL_CAP_JOURNAL_LIMITS * SMALL_JOURNAL_LIMIT;
            long largest = 0;
            long shrinks = 0;
            for (int i = 0; i < 150; i++) {
                commitAndAwaitApplied(collector, h);
                Thread.sleep(10); // several applies per checkpointer pass; the apply after a pass restarts the WAL
                long size = SqliteFiles.walSize(apiDb());
                if (size < largest && largest <= walCap) {
                    shrinks++;
                }
                largest = Math.max(largest, size);
            }
            assertThat(h.metrics.checkpointDuration.getCount()).isGreaterThan(5);
            assertThat(largest).isGreaterThan(SMALL_JOURNAL_LIMIT);
            assertThat(shrinks).isZero();
        }
    }

    /**
     * The disk bound: api.db itself stays within 1.2× collector.db (it is a copy), and its WAL adds at
     * most {@link ReplicaDatabase#WAL_CAP_JOURNAL_LIMITS} journal limits plus the apply that crossed
     * them (32 MiB at the default limit, whatever api.db's size; the WAL file is kept at up to that).
     */
    @Test
    void apiDbStaysWithin1Point2TimesCollectorDbAndItsWalWithinTheCapOverManyApplies() throws Exception {
        try (CollectorFixture collector = new CollectorFixture(collectorDb(), 50, 40);
                Harness h = new Harness(smallJournalSettings())) {
            collector.commitBatch();
            h.loop.tick();
            ReplicaSnapshotReader reader = new ReplicaSnapshotReader(apiDb(), 50).start();
            long worst = 0;
            for (int i = 0; i < 150; i++) {
                collector.commitBatch();
                h.loop.tick();
                worst = Math.max(worst, Files.size(apiDb()) + SqliteFiles.walSize(apiDb()));
            }
            reader.stop();
            assertThat(reader.problems).isEmpty();
            long collectorBytes = SqliteFiles.queryLong(collectorDb(), "PRAGMA page_count")
                    * SqliteFiles.queryLong(collectorDb(), "PRAGMA page_size");
            assertThat(collectorBytes).isGreaterThan(5_000_000);
            long walCap = ReplicaDatabase.WAL_CAP_JOURNAL_LIMITS * SMALL_JOURNAL_LIMIT;
            assertThat(collectorBytes).isGreaterThan(4 * walCap);
            assertThat(Files.size(apiDb())).isLessThanOrEqualTo((long) (1.2 * collectorBytes));
            assertThat(SqliteFiles.walSize(apiDb())).isLessThanOrEqualTo(walCap + ONE_APPLY_BYTES);
            assertThat(worst).isLessThanOrEqualTo((long) (1.2 * collectorBytes) + walCap + ONE_APPLY_BYTES);
        }
    }
}
