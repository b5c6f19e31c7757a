package io.cryptoflow.api.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptoflow.api.ApiApplication;
import io.cryptoflow.api.ApiConfiguration;
import io.cryptoflow.api.support.ApiDbFixture;
import io.cryptoflow.api.support.DepthFixture;
import io.cryptoflow.api.support.Http;
import io.cryptoflow.common.PartitionKind;
import io.cryptoflow.common.MarketSymbol;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code /api/depth} over HTTP: the compact arrays, missing ranges, gzip, 400/404 JSON naming the parameter. */
@ExtendWith(DropwizardExtensionsSupport.class)
class DepthResourceIT {

    static final long T0 = 1_764_637_200_000L;

    @TempDir
    static Path dataDir;

    static final DropwizardAppExtension<ApiConfiguration> APP = new DropwizardAppExtension<>(
            ApiApplication.class, ResourceHelpers.resourceFilePath("test-api.yml"),
            ConfigOverride.config("dataDir", () -> dataDir.toString()));

    static ApiDbFixture db;

    @BeforeAll
    static void createReplica() throws Exception {
        // a replica of a collector that has committed (at revision 0 no market is unknown yet: 503)
        db = ApiDbFixture.create(dataDir.resolve("api.db")).replica(1, 0, System.currentTimeMillis(), "snapshot");
        for (int m = 0; m < 30; m++) {
            DepthFixture.snapshot(db.connection(), PartitionKind.DEPTH_MINUTE, "binance", "btcusdt", T0 + m * 60_000L, 0.5,
                    194_000 + m, 194_001 + m, new float[] {1, 2, 3}, new float[] {4, 5}, 60);
        }
        DepthFixture.covered(db.connection(), "binance", "btcusdt", T0, T0 + 20 * 60_000L);
    }

    @AfterAll
    static void closeFixture() throws Exception {
        db.close();
    }

    @Test
    void minuteStepsAnswerParallelArraysAndTheUncoveredTailAsMissing() {
        Http.Reply r = Http.get(APP.getLocalPort(), "/api/depth?exchange=binance&symbol=btcusdt&from=" + T0
                + "&to=" + (T0 + 29 * 60_000L) + "&step=1m");
        assertThat(r.status()).isEqualTo(200);
        JsonNode j = r.json();
        assertThat(j.get("tier").asText()).isEqualTo("1m");
        assertThat(j.get("priceStep").asDouble()).isEqualTo(0.5);
        assertThat(j.get("times")).hasSize(30);
        assertThat(j.get("bidBin").get(29).asLong()).isEqualTo(194_029);
        assertThat(j.get("bids").get(0).toString()).isEqualTo("[1.0,2.0,3.0]");
        assertThat(j.get("asks").get(0).toString()).isEqualTo("[4.0,5.0]");
        assertThat(j.get("missing").toString())
                .isEqualTo("[{\"from\":" + (T0 + 20 * 60_000L + 1) + ",\"to\":" + (T0 + 30 * 60_000L - 1) + "}]");
    }

    @Test
    void aGzipClientGetsTheSameBodyCompressed() throws Exception {
        String path = "/api/depth?from=" + T0 + "&to=" + (T0 + 600_000) + "&step=5m";
        HttpResponse<byte[]> z = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + APP.getLocalPort() + path)).header("Accept-Encoding", "gzip").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(z.headers().firstValue("Content-Encoding")).hasValue("gzip");
        JsonNode unzipped = new ObjectMapper().readTree(new GZIPInputStream(new ByteArrayInputStream(z.body())));
        assertThat(unzipped).isEqualTo(Http.get(APP.getLocalPort(), path).json());
        assertThat(unzipped.get("times")).hasSize(3);
        // five minute rows whose best bid rose a bin a minute: the top bin held size 1 in one of them
        assertThat(unzipped.get("bids").get(0).get(0).asDouble()).isEqualTo(0.2);
    }

    @ParameterizedTest
    @CsvSource({
            "/api/depth?from=20&to=10, from",
            "/api/depth?from=abc, from",
            "/api/depth?to=-1, to",
            "/api/depth?step=0, step",
            "/api/depth?step=fast, step",
            "/api/depth?from=0&to=999999999&step=1s, step",
            "/api/depth?symbol=btc-usdt, symbol",
            "/api/depth?exchange=%27%3B, exchange"
    })
    void badInputIs400NamingTheParameter(String path, String parameter) {
        Http.Reply reply = Http.get(APP.getLocalPort(), path);
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().toString()).contains(parameter);
    }

    @Test
    void aMarketWithoutDepthIs404() {
        Http.Reply reply = Http.get(APP.getLocalPort(), "/api/depth?exchange=bybit&symbol=ethusdt");
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.json().toString()).contains("BYBIT:ETHUSDT").contains("symbol and exchange parameters");
    }

    @Test
    void aConfiguredMarketIsCollectingItsDepthWhileFreshAndAConflictOnceNoBookWasSeen() throws Exception {
        db.configured(MarketSymbol.of("bybit", "solusdt"), "15", true, System.currentTimeMillis())
                .configured(MarketSymbol.of("binance", "ethusdt"), "15", true, 1000); // BTCUSDT's depth says nothing of it
        Http.Reply fresh = Http.get(APP.getLocalPort(), "/api/depth?exchange=bybit&symbol=solusdt");
        assertThat(fresh.status()).isEqualTo(200);
        assertThat(fresh.json().get("times")).isEmpty();
        assertThat(fresh.json().get("collecting").asBoolean()).isTrue();
        Http.Reply off = Http.get(APP.getLocalPort(), "/api/depth?exchange=binance&symbol=ethusdt");
        assertThat(off.status()).isEqualTo(409);
        assertThat(off.json().get("message").asText()).contains("order-book depth not collected for BINANCE:ETHUSDT")
                .contains("depth.symbols");
    }

    @Test
    void theRecordedKindsDecideAtOnce() throws Exception {
        // depth newly listed for a market configured long ago: collecting before its first book
        db.configured(MarketSymbol.of("bybit", "xrpusdt"), "15", true, 1000, "trades,depth")
                .configured(MarketSymbol.of("bybit", "dogeusdt"), "15", true, System.currentTimeMillis(), "trades");
        Http.Reply on = Http.get(APP.getLocalPort(), "/api/depth?exchange=bybit&symbol=xrpusdt");
        assertThat(on.status()).isEqualTo(200);
        assertThat(on.json().get("collecting").asBoolean()).isTrue();
        // freshly configured without depth: not collected, no grace period
        Http.Reply off = Http.get(APP.getLocalPort(), "/api/depth?exchange=bybit&symbol=dogeusdt");
        assertThat(off.status()).isEqualTo(409);
        assertThat(off.json().get("message").asText()).contains("depth.symbols");
    }
}
