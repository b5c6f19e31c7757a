package io.cryptoflow.collector.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One restore drill: restores the latest backup of every replica litestream.yml declares into a
 * scratch file, checks it against the live collector.db ({@link RestoredDatabaseCheck}), deletes
 * the scratch file, and records the outcome in {@link DrillStatus}. Also reads the backup's lag.
 */
public class BackupDrill {

    private static final Logger LOG = LoggerFactory.getLogger(BackupDrill.class);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);

    private final LitestreamCli litestream;
    private final Path configFile;
    private final Path collectorDb;
    private final Path scratchDir;
    private final Duration restoreTimeout;
    private final DrillStatus status;
    private final LongSupplier clock;
    private final ReentrantLock running = new ReentrantLock();

    public BackupDrill(LitestreamCli litestream, Path configFile, Path collectorDb, Path scratchDir, Duration restoreTimeout,
            DrillStatus status, LongSupplier clock) {
        this.litestream = litestream;
        this.configFile = configFile;
        this.collectorDb = collectorDb.toAbsolutePath();
        this.scratchDir = scratchDir;
        this.restoreTimeout = restoreTimeout;
        this.status = status;
        this.clock = clock;
    }

    /** Runs a drill unless one is running; returns what it recorded, or null when one was running. */
    public DrillStatus.Drill runOnce() {
        if (!running.tryLock()) {
            return null;
        }
        try {
            DrillStatus.Drill drill = drill();
            status.record(drill);
            if (drill.good()) {
                LOG.info("backup drill passed: {}", drill.summary());
            } else {
                LOG.error("backup drill FAILED: {}", drill.summary());
            }
            return drill;
        } finally {
            running.unlock();
        }
    }

    /** Reads every replica's lag ({@code litestream generations}); an unreadable lag becomes unknown. */
    public void probeLag() {
        try {
            LitestreamCli.Outcome out = litestream.generations(collectorDb, PROBE_TIMEOUT);
            status.lag(out.succeeded() ? Generations.lagMillisByReplica(out.output()) : Map.of());
        } catch (IOException e) {
            status.lag(Map.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private DrillStatus.Drill drill() {
        List<String> problems = new ArrayList<>();
        List<String> passed = new ArrayList<>();
        try {
            List<String> replicas = ReplicaNames.of(configFile, collectorDb, litestream.environment());
            if (replicas.isEmpty()) {
                problems.add(configFile + " declares no replica for " + collectorDb);
            }
            for (String replica : replicas) {
                String problem = drillReplica(replica);
                if (problem == null) {
                    passed.add(replica);
                } else {
                    problems.add(replica + ": " + problem);
                }
            }
        } catch (IOException e) {
            problems.add("cannot read " + configFile + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problems.add("interrupted");
        }
        String summary = problems.isEmpty() ? "restored and checked " + String.join(", ", passed)
                : String.join("; ", problems) + (passed.isEmpty() ? "" : " (good: " + String.join(", ", passed) + ")");
        return new DrillStatus.Drill(clock.getAsLong(), problems.isEmpty(), summary);
    }

    /** Restores one replica into the scratch file and checks it; null when good, else the problem. */
    private String drillReplica(String replica) throws IOException, InterruptedException {
        Files.createDirectories(scratchDir);
        Path scratch = scratchDir.resolve("collector-drill-" + replica.replaceAll("[^A-Za-z0-9_-]", "_") + ".db");
        deleteScratch(scratch);
        try {
            LitestreamCli.Outcome out = litestream.restore(collectorDb, replica, scratch, restoreTimeout);
            if (!out.succeeded() || !Files.exists(scratch)) {
                return "restore failed (exit " + out.exitCode() + "): " + lastLines(out.output());
            }
            RestoredDatabaseCheck.Report report = RestoredDatabaseCheck.compare(scratch, collectorDb);
            report.facts().forEach(f -> LOG.info("backup drill {}: {}", replica, f));
            return report.good() ? null : String.join("; ", report.problems());
        } catch (RuntimeException e) {
            // A file that is no database, a table that cannot be read: the backup is not good.
            return "check failed: " + e.getMessage();
        } finally {
            deleteScratch(scratch);
        }
    }

    private static void deleteScratch(Path scratch) throws IOException {
        for (String suffix : List.of("", "-wal", "-shm", ".tmp", ".tmp-wal", ".tmp-shm")) {
            Files.deleteIfExists(scratch.resolveSibling(scratch.getFileName() + suffix));
        }
    }

    private static String lastLines(String output) {
        String[] lines = output.split("\\R");
        return String.join(" | ", List.of(lines).subList(Math.max(0, lines.length - 3), lines.length));
    }
}
