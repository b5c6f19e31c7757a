package io.cryptoflow.replicator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cryptoflow.replicator.support.CollectorFixture;
import io.cryptoflow.replicator.support.SqliteFiles;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DropwizardExtensionsSupport.class)
class ReplicatorApplicationIT {

    private static final Path DATA = createDataDir();

    private static final DropwizardAppExtension<ReplicatorConfiguration> APP = new DropwizardAppExtension<>(
            ReplicatorApplication.class, ResourceHelpers.resourceFilePath("test-config.yml"),
            ConfigOverride.config("dataDir", DATA.toString()));

    private static Path createDataDir() {
        try {
            return Files.createTempDirectory("replicator-app");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void removeDataDir() throws IOException {
        try (Stream<Path> files = Files.walk(DATA)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private String base() {
        return "http://127.0.0.1:" + APP.getLocalPort();
    }

    @Test
    void waitsHealthyThenReplicatesAndServesStatusHealthMetricsAndTasks() throws Exception {
        Map<?, ?> status = APP.client().target(base() + "/status").request().get(Map.class);
        assertThat(status.get("waitingForSource")).isEqualTo(true);
        Response health = APP.client().target(base() + "/admin/healthcheck").request().get();
        assertThat(health.getStatus()).isEqualTo(200);
        assertThat(health.readEntity(String.class)).contains("\"replica\"").contains("waiting");

        try (CollectorFixture collector = new CollectorFixture(DATA.resolve("collector.db"), 10, 5)) {
            collector.commitBatch();
            collector.commitBatch();
            collector.commitBatch();
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    ((Number) APP.client().target(base() + "/status").request().get(Map.class).get("position")).longValue() == 3);
            assertThat(SqliteFiles.queryLong(DATA.resolve("api.db"), "SELECT count(*) FROM candles_15")).isEqualTo(30);

            String metrics = APP.client().target(base() + "/admin/metrics").request().get(String.class);
            assertThat(metrics).contains("cryptoflow.replicator.snapshot.duration").contains("cryptoflow.replicator.lag.ms")
                    .contains("cryptoflow.replicator.replica.position");
            String prometheus = APP.client().target(base() + "/admin/prometheus").request().get(String.class);
            assertThat(prometheus).containsPattern("(?m)^cryptoflow_replicator_replica_position 3\\.0$")
                    .contains("# TYPE cryptoflow_replicator_lag_ms summary");

            Response resync = APP.client().target(base() + "/admin/tasks/resync").request().post(Entity.text(""));
            assertThat(resync.getStatus()).isEqualTo(200);
            assertThat(resync.readEntity(String.class)).contains("snapshot done: rev 3");

            Response verify = APP.client().target(base() + "/admin/tasks/verify").request().post(Entity.text(""));
            assertThat(verify.getStatus()).isEqualTo(200);
            assertThat(verify.readEntity(String.class)).contains("consistent at rev 3");
        }
    }
}
