package io.cryptoflow.replicator.support;

import io.cryptoflow.replicator.core.ReplicationSettings;
import io.cryptoflow.replicator.core.ReplicationStrategy;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The replication loop alone in a JVM, for crash tests that kill -9 it:
 * {@code ReplicatorChildMain <collector.db> <api.db> <snapshot|incremental> <tickMillis>}.
 */
public final class ReplicatorChildMain {

    private ReplicatorChildMain() {
    }

    public static void main(String[] args) throws Exception {
        Duration tick = Duration.ofMillis(Long.parseLong(args[3]));
        ReplicationSettings settings = ReplicationSettings
                .defaults(Path.of(args[0]), Path.of(args[1]), ReplicationStrategy.parse(args[2]))
                .withIntervals(tick, tick)
                .withConsistencyCheck(Duration.ofMillis(300), 200);
        Harness harness = new Harness(settings).start();
        System.out.println("CHILD-STARTED");
        System.out.flush();
        Thread.currentThread().join();
        harness.close();
    }
}
