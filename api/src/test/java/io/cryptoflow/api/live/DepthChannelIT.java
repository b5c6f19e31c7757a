package io.cryptoflow.api.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cryptoflow.api.ApiApplication;
import io.cryptoflow.api.ApiConfiguration;
import io.cryptoflow.api.support.ApiDbFixture;
import io.cryptoflow.api.support.DepthFixture;
import io.cryptoflow.api.support.WsClient;
import io.cryptoflow.common.PartitionKind;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The depth channel of {@code /ws} against a real api.db; the test plays the replicator (snapshot
 * rows into today's fine partition, then cf_replica.source_rev moved).
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class DepthChannelIT {

    static final long NOW = System.currentTimeMillis() / 1000 * 1000;
    static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    static Path dataDir;

    static final DropwizardAppExtension<ApiConfiguration> APP = new DropwizardAppExtension<>(
            ApiApplication.class, ResourceHelpers.resourceFilePath("test-api.yml"),
            ConfigOverride.config("dataDir", () -> dataDir.toString()));

    static ApiDbFixture db;
    static long rev = 1;

    @BeforeAll
    static void createReplica() throws Exception {
        db = ApiDbFixture.create(dataDir.resolve("api.db"));
        snapshot(NOW - 2000, 1);
        snapshot(NOW - 1000, 2);
    }

    @AfterAll
    static void closeFixture() throws Exception {
        db.close();
    }

    static synchronized void snapshot(long time, float size) throws Exception {
        rev++;
        DepthFixture.snapshot(db.connection(), PartitionKind.DEPTH, "binance", "btcusdt", time, 0.5, 200_000, 200_001,
                new float[] {size, 7}, new float[] {size + 1}, 1);
        DepthFixture.covered(db.connection(), "binance", "btcusdt", NOW - 2000, time);
        db.replica(rev, System.currentTimeMillis(), System.currentTimeMillis(), "incremental");
    }

    @Test
    void aSubscriberGetsTheNewestSnapshotThenEveryNewOneInOrder() throws Exception {
        try (WsClient ws = WsClient.connect(APP.getLocalPort())) {
            JsonNode ack = ws.send("{\"type\":\"subscribe\",\"channel\":\"depth\",\"exchange\":\"binance\",\"symbol\":\"btcusdt\"}")
                    .next(WAIT);
            assertThat(ack.get("type").asText()).isEqualTo("subscribed");
            assertThat(ack.get("channel").asText()).isEqualTo("depth");
            JsonNode newest = ws.next(WAIT);
            assertThat(newest.get("type").asText()).isEqualTo("depth");
            assertThat(newest.get("time").asLong()).isEqualTo(NOW - 1000);
            assertThat(newest.get("bids").toString()).isEqualTo("[2.0,7.0]");
            snapshot(NOW, 3);
            snapshot(NOW + 1000, 4);
            JsonNode a = ws.next(WAIT);
            JsonNode b = ws.next(WAIT);
            assertThat(a.get("time").asLong()).isEqualTo(NOW);
            assertThat(b.get("time").asLong()).isEqualTo(NOW + 1000);
            assertThat(b.get("asks").toString()).isEqualTo("[5.0]");
            assertThat(b.get("priceStep").asDouble()).isEqualTo(0.5);
            assertThat(b.get("bidBin").asLong()).isEqualTo(200_000);
            ws.send("{\"type\":\"unsubscribe\",\"channel\":\"depth\",\"exchange\":\"binance\",\"symbol\":\"btcusdt\"}");
            assertThat(ws.next(WAIT).get("type").asText()).isEqualTo("unsubscribed");
        }
    }

    @Test
    void badFramesAreAnsweredByName() throws Exception {
        try (WsClient ws = WsClient.connect(APP.getLocalPort())) {
            JsonNode e = ws.send("{\"type\":\"subscribe\",\"channel\":\"depth\",\"symbol\":\"btc-usdt\"}").next(WAIT);
            assertThat(e.get("type").asText()).isEqualTo("error");
            assertThat(e.get("message").asText()).contains("symbol");
            JsonNode u = ws.send("{\"type\":\"unsubscribe\",\"channel\":\"depth\",\"symbol\":\"ethusdt\"}").next(WAIT);
            assertThat(u.get("message").asText()).contains("not subscribed");
            JsonNode t = ws.send("{\"type\":\"ping\",\"channel\":\"depth\"}").next(WAIT);
            assertThat(t.get("message").asText()).contains("depth channel");
        }
    }
}
