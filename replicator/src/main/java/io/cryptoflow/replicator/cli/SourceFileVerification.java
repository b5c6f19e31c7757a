package io.cryptoflow.replicator.cli;

import com.codahale.metrics.MetricRegistry;
import io.cryptoflow.replicator.core.ApplyListener;
import io.cryptoflow.replicator.core.ConsistencyReport;
import io.cryptoflow.replicator.core.Replication;
import io.cryptoflow.replicator.core.ReplicationMetrics;
import io.cryptoflow.replicator.core.ReplicationSettings;
import io.cryptoflow.replicator.core.ReplicationStatus;
import io.cryptoflow.replicator.core.ReplicationStrategy;
import io.cryptoflow.replicator.strategy.Replications;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Proves that the replicator can serve a collector.db (a restored backup, before the collector
 * starts on it): replicates it into a scratch api.db exactly as the service would (bootstrap
 * snapshot, schema and revision checks), then compares every row of both at one revision. The
 * scratch directory is deleted afterwards; the checked file is only read.
 */
public final class SourceFileVerification {

    private SourceFileVerification() {
    }

    /** @return true when the replica built from {@code source} equals it row for row */
    public static boolean verify(Path source, PrintStream out) throws IOException, SQLException {
        if (!Files.isRegularFile(source)) {
            out.println("verify: " + source + " is not a file");
            return false;
        }
        Path scratch = Files.createTempDirectory(source.toAbsolutePath().getParent(), ".verify-");
        ReplicationSettings settings = ReplicationSettings.defaults(source, scratch.resolve("api.db"),
                ReplicationStrategy.INCREMENTAL);
        ReplicationStatus status = new ReplicationStatus(settings.strategy());
        try (Replication replication = Replications.create(settings,
                new ReplicationMetrics(new MetricRegistry(), status), status, ApplyListener.NONE)) {
            ConsistencyReport report = replication.verify();
            if (report.consistent()) {
                out.printf("verify: %s replicates consistently: %d rows compared at rev %d%n", source,
                        report.rowsCompared(), report.rev());
                return true;
            }
            out.printf("verify: %s FAILED (%s at rev %d):%n", source,
                    report.comparable() ? "diverged" : "not comparable", report.rev());
            report.mismatches().forEach(m -> out.println("  " + m));
            return false;
        } finally {
            deleteTree(scratch);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
