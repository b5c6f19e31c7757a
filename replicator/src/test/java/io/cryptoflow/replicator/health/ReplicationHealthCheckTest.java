package io.cryptoflow.replicator.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.health.HealthCheck.Result;
import io.cryptoflow.replicator.core.ReplicationStatus;
import io.cryptoflow.replicator.core.ReplicationStrategy;
import io.cryptoflow.replicator.core.SourceState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ReplicationHealthCheckTest {

    private static final long NOW = 1_800_000_000_000L;
    private final ReplicationStatus status = new ReplicationStatus(ReplicationStrategy.INCREMENTAL);

    private Result checkAt(long millis) {
        Clock clock = Clock.fixed(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
        return new ReplicationHealthCheck(status, Duration.ofSeconds(5), clock).execute();
    }

    @Test
    void healthyWhileWaitingForCollectorDb() {
        status.waitingForSource("waiting for data/collector.db to exist", NOW);
        Result r = checkAt(NOW + 1000);
        assertThat(r.isHealthy()).isTrue();
        assertThat(r.getMessage()).contains("waiting for data/collector.db");
    }

    @Test
    void healthyWhenCaughtUp() {
        status.observed(new SourceState(42, NOW - 100_000, 1), 42, NOW);
        Result r = checkAt(NOW + 1000);
        assertThat(r.isHealthy()).isTrue();
        assertThat(r.getDetails()).containsEntry("lagMillis", 0L).containsEntry("position", 42L);
    }

    @Test
    void unhealthyWhenACommitWaitsLongerThanTheBound() {
        status.observed(new SourceState(43, NOW - 200, 1), 42, NOW);
        assertThat(checkAt(NOW + 1000).isHealthy()).isTrue();
        // still behind six seconds later, although cycles succeed
        status.observed(new SourceState(44, NOW + 5000, 1), 42, NOW + 5800);
        Result r = checkAt(NOW + 5800);
        assertThat(r.isHealthy()).isFalse();
        assertThat(r.getMessage()).contains("lag 6000 ms");
    }

    @Test
    void lagResetsOnceTheReplicaCatchesUp() {
        status.observed(new SourceState(43, NOW - 10_000, 1), 42, NOW);
        assertThat(checkAt(NOW).isHealthy()).isFalse();
        status.observed(new SourceState(43, NOW - 10_000, 1), 43, NOW + 10);
        assertThat(checkAt(NOW + 20).isHealthy()).isTrue();
    }

    @Test
    void unhealthyWhenNoCycleSucceededWithinTheBound() {
        status.observed(new SourceState(42, NOW, 1), 42, NOW);
        status.failed("SQLException: disk I/O error");
        Result r = checkAt(NOW + 6000);
        assertThat(r.isHealthy()).isFalse();
        assertThat(r.getMessage()).contains("disk I/O error");
    }

    @Test
    void aReplicaThatLagsBecauseItsWritesFailSaysWhy() {
        status.observed(new SourceState(43, NOW - 10_000, 1), 42, NOW);
        status.failed("replicating data/collector.db into data/api.db: SQLiteException: [SQLITE_IOERR_WRITE] disk I/O error");
        Result r = checkAt(NOW);
        assertThat(r.isHealthy()).isFalse();
        assertThat(r.getMessage()).contains("lag 10000 ms").contains("data/api.db").contains("SQLITE_IOERR_WRITE");
    }
}
