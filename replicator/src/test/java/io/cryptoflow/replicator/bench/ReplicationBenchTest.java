package io.cryptoflow.replicator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoflow.replicator.core.ReplicationSettings;
import io.cryptoflow.replicator.core.ReplicationStrategy;
import io.cryptoflow.replicator.support.CollectorFixture;
import io.cryptoflow.replicator.support.Harness;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ReplicationBenchTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(ReplicationStrategy.class)
    void measuresOneLagSamplePerCollectorCommitAndTheBytesWrittenIntoApiDb(ReplicationStrategy strategy) throws Exception {
        Path collectorDb = dir.resolve("collector.db");
        Path apiDb = dir.resolve("api.db");
        ReplicationSettings settings = ReplicationSettings.defaults(collectorDb, apiDb, strategy)
                .withIntervals(Duration.ofMillis(200), Duration.ofMillis(20));
        int commits = 30;
        ReplicationBench.Result result;
        try (CollectorFixture collector = new CollectorFixture(collectorDb, 20, 40)) {
            collector.commitBatch(500);
            ReplicationBench bench = new ReplicationBench(settings).start();
            bench.committed(collector.rev());
            assertThat(bench.awaitVisible(collector.rev(), Duration.ofSeconds(20))).isTrue();
            bench.resetSamples();
            for (int i = 0; i < commits; i++) {
                bench.committed(collector.commitBatch());
                Thread.sleep(50);
            }
            assertThat(bench.awaitVisible(collector.rev(), Duration.ofSeconds(20))).isTrue();
            bench.close();
            result = bench.result();
        }
        System.out.println(ReplicationBench.format(result));
        assertThat(result.samples()).isEqualTo(commits);
        assertThat(result.lagP50Ms()).isPositive().isLessThanOrEqualTo(result.lagP99Ms());
        assertThat(result.lagP99Ms()).isLessThanOrEqualTo(result.lagMaxMs());
        assertThat(result.walBytesWritten()).isPositive();
        assertThat(result.position()).isEqualTo(commits + 1);
        if (strategy == ReplicationStrategy.INCREMENTAL) {
            assertThat(result.snapshots()).isEqualTo(1);
            // 20 new candles and TOTAL per commit, plus the previous commit's first candle unless applied together
            assertThat(result.rowsApplied()).isBetween(commits * 21L, commits * 22L);
        } else {
            assertThat(result.snapshots()).isGreaterThan(1);
            // every copy after the bootstrap goes through api.db's WAL: all of its pages count as written
            double copiedAfterBootstrap = result.snapshotBytes() * (result.snapshots() - 1.0) / result.snapshots();
            assertThat((double) result.walBytesWritten()).isGreaterThan(0.8 * copiedAfterBootstrap);
        }
        try (Harness h = new Harness(ReplicationSettings.defaults(collectorDb, apiDb, ReplicationStrategy.SNAPSHOT))) {
            assertThat(h.replication.verify().consistent()).isTrue();
        }
    }
}
