package io.cryptoflow.bench.replication;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Snapshot;
import io.cryptoflow.common.SqliteConnections;
import io.cryptoflow.replicator.core.ConsistencyReport;
import io.cryptoflow.replicator.core.ReplicationLoop;
import io.cryptoflow.replicator.core.ReplicationMetrics;
import io.cryptoflow.replicator.core.ReplicationSettings;
import io.cryptoflow.replicator.core.ReplicationStatus;
import io.cryptoflow.replicator.core.ReplicationStrategy;
import io.cryptoflow.replicator.strategy.Replications;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

/**
 * The replicator's own loop and strategy classes in a process of their own, so the bench can count
 * exactly the bytes replication writes ({@code /proc/<pid>/io}). Talks over stdin/stdout:
 * prints {@code BENCH READY} once bootstrapped, and on {@code STOP} waits until api.db holds
 * collector.db's last revision, runs a full consistency check and prints its figures.
 *
 * <p>{@code java -cp bench.jar io.cryptoflow.bench.replication.ReplicatorBenchChild <collector.db> <api.db> <snapshot|incremental>}
 */
public final class ReplicatorBenchChild {

    private ReplicatorBenchChild() {
    }

    public static void main(String[] args) throws Exception {
        Path source = Path.of(args[0]);
        Path target = Path.of(args[1]);
        ReplicationStrategy strategy = ReplicationStrategy.valueOf(args[2].toUpperCase(java.util.Locale.ROOT));
        ReplicationSettings settings = ReplicationSettings.defaults(source, target, strategy);
        MetricRegistry registry = new MetricRegistry();
        ReplicationStatus status = new ReplicationStatus(strategy);
        ReplicationMetrics metrics = new ReplicationMetrics(registry, status);
        ReplicationLoop loop = new ReplicationLoop(Replications.create(settings, metrics, status), settings, status, metrics);
        loop.start();
        awaitCaughtUp(status, source, 600);
        say("READY " + status.position());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null && !line.trim().equals("STOP")) {
            // wait for STOP
        }
        long caughtUpMs = awaitCaughtUp(status, source, 300);
        say("WRITTEN " + io.cryptoflow.bench.process.ProcStats.writtenBytes(ProcessHandle.current().pid()));
        ConsistencyReport report = loop.requestVerify().get(10, TimeUnit.MINUTES);
        Snapshot lag = metrics.lag.getSnapshot();
        say("CATCHUP_MS " + caughtUpMs);
        say("VERIFY " + report.consistent() + " rev=" + report.rev() + " rows=" + report.rowsCompared()
                + " mismatches=" + report.mismatches());
        say("LAG " + lag.getMedian() + " " + lag.get99thPercentile() + " " + lag.size());
        say("SNAPSHOTS " + metrics.snapshots.getCount() + " fallbacks=" + metrics.fallbackSnapshots.getCount()
                + " errors=" + metrics.errors.getCount());
        loop.stop();
        say("DONE");
        System.exit(0);
    }

    private static long awaitCaughtUp(ReplicationStatus status, Path source, int seconds) throws Exception {
        long start = System.currentTimeMillis();
        long deadline = start + seconds * 1000L;
        while (System.currentTimeMillis() < deadline) {
            long rev = sourceRev(source);
            if (rev >= 0 && status.position() >= rev) {
                return System.currentTimeMillis() - start;
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("replica did not catch up with " + source + " within " + seconds + " s");
    }

    private static long sourceRev(Path source) {
        try (Connection c = SqliteConnections.openReadOnly(source);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT rev FROM cf_state WHERE id = 1")) {
            return rs.next() ? rs.getLong(1) : -1;
        } catch (Exception e) {
            return -1;
        }
    }

    private static void say(String line) {
        System.out.println("BENCH " + line);
        System.out.flush();
    }
}
