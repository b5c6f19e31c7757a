package io.cryptoflow.replicator.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cryptoflow.replicator.core.ConsistencyReport;
import io.cryptoflow.replicator.core.ReplicationSettings;
import io.cryptoflow.replicator.core.ReplicationStrategy;
import io.cryptoflow.replicator.support.CollectorFixture;
import io.cryptoflow.replicator.support.Harness;
import io.cryptoflow.replicator.support.ReplicaSnapshotReader;
import io.cryptoflow.replicator.support.ReplicatorChildMain;
import io.cryptoflow.replicator.support.SqliteFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the replicator in a child JVM, kills it with SIGKILL at random moments while the collector
 * keeps writing, and checks after every kill that api.db is intact and equal to some committed
 * collector state. Iterations: {@code -Dcrash.iterations=N} (default 20; more for a long run).
 */
class CrashRecoveryIT {

    private static final int ROWS_PER_REV = 10;

    @TempDir
    Path dir;

    @Test
    void killMinus9MidSnapshotAndMidApplyNeverCorruptsOrTearsApiDbAndRestartCatchesUp() throws Exception {
        int iterations = Integer.getInteger("crash.iterations", 20);
        Random random = new Random(Long.getLong("crash.seed", System.nanoTime()));
        Path collectorDb = dir.resolve("collector.db");
        Path apiDb = dir.resolve("api.db");
        int midSnapshot = 0;
        List<String> kills = new ArrayList<>();
        try (CollectorFixture collector = new CollectorFixture(collectorDb, ROWS_PER_REV, 40)) {
            for (int i = 0; i < 10; i++) {
                collector.commitBatch(800); // ~12 MB, so a backup copy takes a while
            }
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicReference<Throwable> writerError = new AtomicReference<>();
            Thread writer = new Thread(() -> {
                try {
                    while (writing.get()) {
                        collector.commitBatch();
                        Thread.sleep(30);
                    }
                } catch (Throwable t) {
                    writerError.set(t);
                }
            }, "collector-writer");
            writer.start();

            for (int i = 0; i < iterations; i++) {
                String strategy = i % 2 == 0 ? "snapshot" : "incremental";
                if (i % 5 == 4) {
                    deleteApiDb(apiDb); // so some kills land in a bootstrap copy
                }
                Path log = dir.resolve("child-" + i + ".log");
                Process child = startChild(collectorDb, apiDb, strategy, log);
                long t0 = System.nanoTime();
                awaitStarted(child, log);
                long startupMs = (System.nanoTime() - t0) / 1_000_000;
                if (strategy.equals("snapshot")) {
                    awaitCopyInProgress(child, log); // then kill at a random point of (or after) the copy
                }
                long killAfter = random.nextInt(strategy.equals("snapshot") ? 60 : 500);
                Thread.sleep(killAfter);
                child.destroyForcibly(); // SIGKILL on Linux
                assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
                String lastSnapshotLine = lastSnapshotLine(log);
                boolean inCopy = lastSnapshotLine.contains("starting");
                midSnapshot += inCopy ? 1 : 0;
                kills.add("%s %d ms after start/copy (startup %d ms)%s".formatted(strategy, killAfter, startupMs, inCopy ? " (mid-snapshot)" : ""));

                if (Files.exists(apiDb)) {
                    assertThat(SqliteFiles.integrityCheck(apiDb)).as("integrity after kill %d", i).isEqualTo("ok");
                    if (ReplicaSnapshotReader.revision(apiDb) >= 0) {
                        assertThat(ReplicaSnapshotReader.violation(apiDb, ROWS_PER_REV)).as("state after kill %d", i).isNull();
                    }
                }
            }
            writing.set(false);
            writer.join();
            assertThat(writerError.get()).isNull();

            long finalRev = collector.rev();
            Process child = startChild(collectorDb, apiDb, "incremental", dir.resolve("child-final.log"));
            try {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                        .until(() -> Files.exists(apiDb) && ReplicaSnapshotReader.revision(apiDb) == finalRev);
            } finally {
                child.destroyForcibly();
                child.waitFor(10, TimeUnit.SECONDS);
            }
        }
        System.out.println("kills: " + kills + "; mid-snapshot: " + midSnapshot);
        assertThat(SqliteFiles.integrityCheck(apiDb)).isEqualTo("ok");
        try (Harness h = new Harness(ReplicationSettings.defaults(collectorDb, apiDb, ReplicationStrategy.INCREMENTAL))) {
            ConsistencyReport report = h.replication.verify();
            assertThat(report.consistent()).as(report.toString()).isTrue();
            assertThat(h.metrics.snapshots.getCount()).isZero();
        }
        assertThat(midSnapshot).as("kills that landed inside a backup copy: " + kills).isGreaterThan(0);
    }

    private static void awaitStarted(Process child, Path log) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
                .until(() -> !child.isAlive() || Files.readString(log).contains("CHILD-STARTED"));
        assertThat(child.isAlive()).as("child replicator died at start").isTrue();
    }

    private static void awaitCopyInProgress(Process child, Path log) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(2))
                .until(() -> !child.isAlive() || lastSnapshotLine(log).contains("starting"));
    }

    private static void deleteApiDb(Path apiDb) throws Exception {
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Files.deleteIfExists(apiDb.resolveSibling(apiDb.getFileName() + suffix));
        }
    }

    private static String lastSnapshotLine(Path log) throws Exception {
        String last = "";
        for (String line : Files.readAllLines(log)) {
            if (line.contains("SnapshotCopier") && line.contains("Snapshot (")) {
                last = line;
            }
        }
        return last;
    }

    private static Process startChild(Path source, Path target, String strategy, Path log) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", classpath,
                ReplicatorChildMain.class.getName(), source.toString(), target.toString(), strategy, "20");
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

}
