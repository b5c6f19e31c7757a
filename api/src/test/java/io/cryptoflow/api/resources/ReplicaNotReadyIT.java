package io.cryptoflow.api.resources;

import static io.cryptoflow.api.support.ApiDbFixture.BTC;
import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoflow.api.ApiApplication;
import io.cryptoflow.api.ApiConfiguration;
import io.cryptoflow.api.support.ApiDbFixture;
import io.cryptoflow.api.support.Http;
import io.cryptoflow.common.CandleSchema;
import io.cryptoflow.common.SqliteConnections;
import io.cryptoflow.common.Timeframe;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The API starts before the replicator's first copy, answers 503 meanwhile, then serves. */
@ExtendWith(DropwizardExtensionsSupport.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicaNotReadyIT {

    @TempDir
    static Path dataDir;

    static final DropwizardAppExtension<ApiConfiguration> APP = new DropwizardAppExtension<>(
            ApiApplication.class, ResourceHelpers.resourceFilePath("test-api.yml"),
            ConfigOverride.config("dataDir", () -> dataDir.toString()));

    @Test
    @Order(1)
    void withoutApiDbEveryEndpointAnswers503JsonAndTheFileIsNotCreated() {
        for (String path : new String[] {"/api/candles", "/api/symbols", "/api/candles?tf=60&limit=5"}) {
            Http.Reply r = Http.get(APP.getLocalPort(), path);
            assertThat(r.status()).as(path).isEqualTo(503);
            assertThat(r.header("Retry-After")).isEqualTo("1");
            assertThat(r.json().get("code").asInt()).isEqualTo(503);
            assertThat(r.json().get("message").asText()).startsWith("replica not ready");
        }
        Http.Reply health = Http.get(APP.getLocalPort(), "/api/health");
        assertThat(health.status()).isEqualTo(503);
        assertThat(health.json().get("status").asText()).isEqualTo("unavailable");
        assertThat(health.json().get("message").asText()).startsWith("replica not ready");

        Http.Reply admin = Http.get(APP.getAdminPort(), "/healthcheck");
        assertThat(admin.status()).isEqualTo(500);
        assertThat(admin.json().get("replica").get("healthy").asBoolean()).isFalse();

        assertThat(Files.exists(dataDir.resolve("api.db"))).isFalse();
    }

    @Test
    @Order(2)
    void aFileWithoutTheReplicaSchemaIsStillNotReady() throws Exception {
        // What a reader may see while the replicator's first copy is being set up: an empty database.
        try (Connection c = SqliteConnections.openWriter(dataDir.resolve("api.db"))) {
            c.createStatement().execute("CREATE TABLE placeholder(x)");
        }
        Http.Reply r = Http.get(APP.getLocalPort(), "/api/candles");
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.json().get("message").asText()).startsWith("replica not ready").doesNotContain("SELECT");
        assertThat(Http.get(APP.getLocalPort(), "/api/health").status()).isEqualTo(503);
    }

    @Test
    @Order(3)
    void servesOnceTheReplicaAppears() throws Exception {
        try (ApiDbFixture db = ApiDbFixture.create(dataDir.resolve("api.db"))) {
            assertThat(CandleSchema.userVersion(db.connection())).isEqualTo(CandleSchema.VERSION);
            db.upsert(Timeframe.M15, BTC, 1, ApiDbFixture.series(Timeframe.M15, 1_700_000_100_000L / 900_000 * 900_000, 3));

            Http.Reply r = Http.get(APP.getLocalPort(), "/api/candles?limit=2");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().get("candles")).hasSize(2);
            assertThat(r.json().get("hasMore").asBoolean()).isTrue();
            assertThat(Http.get(APP.getLocalPort(), "/api/health").status()).isEqualTo(200);
            Http.Reply admin = Http.get(APP.getAdminPort(), "/healthcheck");
            assertThat(admin.json().get("replica").get("healthy").asBoolean()).isTrue();
            assertThat(admin.json().get("api-db").get("healthy").asBoolean()).isTrue();
        }
    }
}
