package io.cryptoflow.replicator.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The loop's scheduling, with a stand-in replication (no database): when cycles run, not what they do. */
class ReplicationLoopTest {

    /** Applies one pending revision per cycle, as an apply that ran while the collector kept committing. */
    private static final class Backlog implements Replication {
        private final ReplicationStatus status;
        private volatile long sourceRev;
        private long position;
        final AtomicInteger cycles = new AtomicInteger();

        Backlog(ReplicationStatus status, long sourceRev) {
            this.status = status;
            this.sourceRev = sourceRev;
        }

        @Override
        public void runOnce() {
            cycles.incrementAndGet();
            if (position < sourceRev) {
                position++;
            }
            status.observed(new SourceState(sourceRev, 0, 1), position, System.currentTimeMillis());
        }

        @Override
        public SnapshotResult resync(String reason) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ConsistencyReport verify() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }

    private static ReplicationSettings settings(ReplicationStrategy strategy) {
        // an interval far longer than the test: anything beyond the first tick's cycles would time out
        return ReplicationSettings.defaults(Path.of("collector.db"), Path.of("api.db"), strategy)
                .withIntervals(Duration.ofHours(1), Duration.ofHours(1));
    }

    private static void awaitPosition(ReplicationStatus status, long position) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (status.position() < position && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    /** Starts a loop over a backlog of five revisions, waits for {@code position}, and returns the cycles run by then. */
    private static int cyclesToReach(ReplicationStrategy strategy, long position) throws Exception {
        ReplicationStatus status = new ReplicationStatus(strategy);
        Backlog backlog = new Backlog(status, 5);
        ReplicationLoop loop = new ReplicationLoop(backlog, settings(strategy), status,
                new ReplicationMetrics(new MetricRegistry(), status));
        loop.start();
        try {
            awaitPosition(status, position);
            Thread.sleep(100);
            assertThat(status.position()).isEqualTo(position);
            return backlog.cycles.get();
        } finally {
            backlog.sourceRev = 0;
            loop.stop();
        }
    }

    @Test
    void incrementalCyclesAgainAtOnceWhileEachApplyMovesThePosition() throws Exception {
        // five applies, then one cycle that found nothing new ended the tick
        assertThat(cyclesToReach(ReplicationStrategy.INCREMENTAL, 5)).isEqualTo(6);
    }

    @Test
    void snapshotStrategyKeepsOneCyclePerTick() throws Exception {
        assertThat(cyclesToReach(ReplicationStrategy.SNAPSHOT, 1)).isEqualTo(1);
    }
}
