package io.cryptoflow.replicator.bench;

import io.cryptoflow.replicator.core.ReplicationSettings;
import io.cryptoflow.replicator.core.ReplicationStrategy;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Replicates for a while against an externally written collector.db and prints what it measured:
 * {@code java -cp replicator/target/replicator.jar io.cryptoflow.replicator.bench.ReplicationBenchMain
 * <collector.db> <api.db> <snapshot|incremental> <seconds> [pollMillis]}.
 */
public final class ReplicationBenchMain {

    private ReplicationBenchMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: ReplicationBenchMain <collector.db> <api.db> <snapshot|incremental> <seconds> [pollMillis]");
            System.exit(2);
        }
        ReplicationStrategy strategy = ReplicationStrategy.parse(args[2]);
        Duration poll = Duration.ofMillis(args.length > 4 ? Long.parseLong(args[4]) : 25);
        ReplicationSettings settings = ReplicationSettings.defaults(Path.of(args[0]), Path.of(args[1]), strategy)
                .withIntervals(strategy == ReplicationStrategy.SNAPSHOT ? Duration.ofSeconds(1) : poll, poll);
        ReplicationBench bench = new ReplicationBench(settings).start();
        Thread.sleep(Duration.ofSeconds(Long.parseLong(args[3])).toMillis());
        bench.close();
        System.out.println(ReplicationBench.format(bench.result()));
    }
}
