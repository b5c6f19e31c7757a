package io.cryptoflow.api.resources;

import static io.cryptoflow.api.support.ApiDbFixture.BTC;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptoflow.api.ApiApplication;
import io.cryptoflow.api.ApiConfiguration;
import io.cryptoflow.api.support.ApiDbFixture;
import io.cryptoflow.api.support.Http;
import io.cryptoflow.common.Candle;
import io.cryptoflow.common.Timeframe;
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
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** ETag/Cache-Control, gzip, CORS, request ids and /api/session. */
@ExtendWith(DropwizardExtensionsSupport.class)
class HttpBehaviourIT {

    static final long T0 = 1_699_920_000_000L;

    @TempDir
    static Path dataDir;

    static final DropwizardAppExtension<ApiConfiguration> APP = new DropwizardAppExtension<>(
            ApiApplication.class, ResourceHelpers.resourceFilePath("test-api.yml"),
            ConfigOverride.config("dataDir", () -> dataDir.toString()),
            // every request reads the stamp: the ETag test expects a commit to show at once, while a
            // stamp may otherwise be up to replicaStampMaxAge old (a fast upsert landed inside it in CI)
            ConfigOverride.config("replicaStampMaxAge", "0ms"));

    static ApiDbFixture db;

    @BeforeAll
    static void createReplica() throws Exception {
        db = ApiDbFixture.create(dataDir.resolve("api.db"));
        List<Candle> candles = new ArrayList<>(ApiDbFixture.series(Timeframe.M15, T0, 60));
        candles.set(59, ApiDbFixture.candle(candles.get(59).time(), 500, false));
        db.upsert(Timeframe.M15, BTC, 1, candles);
        db.session("BINANCE:BTCUSDT", "2023-11-14", 36500.5, 36480.25, 36900, 36100, 12345.5, 1);
        db.session("BINANCE:BTCUSDT", "2023-11-15", 37000, 36990, 37400, 36600, 23456, 1);
    }

    @AfterAll
    static void closeFixture() throws Exception {
        db.close();
    }

    static Http.Reply get(String path, String... headers) {
        return Http.get(APP.getLocalPort(), path, headers);
    }

    @Test
    void aClosedBoundedRangeIsCacheableAndRevalidatesTo304() {
        String closedRange = "/api/candles?tf=15&before=" + (T0 + 10 * 900_000L);
        Http.Reply first = get(closedRange);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.header("Cache-Control")).isEqualTo("public, max-age=600, immutable");
        assertThat(first.header("ETag")).as("strong").doesNotStartWith("W/");
        assertThat(first.header("X-Request-Id")).as("a shared cache would hand it to everyone").isNull();
        assertThat(first.header("Content-Length")).isEqualTo(String.valueOf(first.raw().body().getBytes(
                java.nio.charset.StandardCharsets.UTF_8).length));
        String etag = first.header("ETag");
        assertThat(etag).isNotBlank();

        Http.Reply again = get(closedRange, "If-None-Match", etag);
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.raw().body()).isEmpty();
        assertThat(again.header("ETag")).isEqualTo(etag);
        assertThat(again.header("Cache-Control")).isEqualTo("public, max-age=600, immutable");
    }

    @Test
    void clustersFalseLeavesOnlyThatMemberOutAndIsItsOwnRepresentation() throws Exception {
        Http.Reply full = get("/api/candles?tf=15&limit=3");
        Http.Reply lean = get("/api/candles?tf=15&limit=3&clusters=false");
        assertThat(lean.status()).isEqualTo(200);
        JsonNode leanCandle = lean.json().get("candles").get(0);
        assertThat(leanCandle.has("clusters")).isFalse();
        com.fasterxml.jackson.databind.node.ObjectNode fullCandle =
                (com.fasterxml.jackson.databind.node.ObjectNode) full.json().get("candles").get(0);
        fullCandle.remove("clusters");
        assertThat(leanCandle).isEqualTo(fullCandle);
        assertThat(lean.header("ETag")).isNotEqualTo(full.header("ETag"));
        assertThat(get("/api/candles?tf=15&limit=3&clusters=true").header("ETag")).isEqualTo(full.header("ETag"));

        Http.Reply bad = get("/api/candles?clusters=maybe");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("message").asText()).startsWith("clusters:").contains("true or false");
    }

    @Test
    void thePageWithTheFormingCandleMustBeRevalidatedAndItsEtagFollowsChanges() throws Exception {
        Http.Reply latest = get("/api/candles?tf=15&limit=5");
        assertThat(latest.header("Cache-Control")).isEqualTo("public, max-age=1");
        assertThat(latest.json().get("candles").get(4).get("closed").asBoolean()).isFalse();
        String etag = latest.header("ETag");
        assertThat(get("/api/candles?tf=15&limit=5", "If-None-Match", etag).status()).isEqualTo(304);

        long forming = T0 + 59 * 900_000L;
        db.upsert(Timeframe.M15, BTC, 2, List.of(ApiDbFixture.candle(forming, 501, false)));
        try {
            Http.Reply changed = get("/api/candles?tf=15&limit=5", "If-None-Match", etag);
            assertThat(changed.status()).isEqualTo(200);
            assertThat(changed.header("ETag")).isNotEqualTo(etag);
            assertThat(get("/api/candles?tf=15&limit=5", "If-None-Match", changed.header("ETag")).status())
                    .isEqualTo(304);
            assertThat(changed.json().get("candles").get(4).get("open").asDouble()).isEqualTo(501);
        } finally {
            db.upsert(Timeframe.M15, BTC, 3, List.of(ApiDbFixture.candle(forming, 500, false)));
        }
    }

    @Test
    void differentPagesHaveDifferentEtags() {
        assertThat(get("/api/candles?tf=15&limit=5&before=" + (T0 + 20 * 900_000L)).header("ETag"))
                .isNotEqualTo(get("/api/candles?tf=15&limit=5&before=" + (T0 + 21 * 900_000L)).header("ETag"));
    }

    static HttpResponse<byte[]> raw(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + APP.getLocalPort() + path));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void aGzipClientGetsTheIdentityBodyCompressedWithItsOwnEtagAnd304sForBoth() throws Exception {
        for (String page : List.of("/api/candles?tf=15", "/api/candles?tf=15&limit=7&clusters=false",
                "/api/candles?tf=15&limit=20&before=" + (T0 + 30 * 900_000L))) {
            HttpResponse<byte[]> plain = raw(page);
            HttpResponse<byte[]> zipped = raw(page, "Accept-Encoding", "gzip, deflate, br");
            assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
            assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
            byte[] unzipped = new GZIPInputStream(new ByteArrayInputStream(zipped.body())).readAllBytes();
            assertThat(unzipped).as(page).isEqualTo(plain.body());
            assertThat(zipped.body().length).isLessThan(plain.body().length / 2);
            assertThat(zipped.headers().firstValue("Content-Length")).hasValue(String.valueOf(zipped.body().length));
            assertThat(plain.headers().firstValue("Content-Length")).hasValue(String.valueOf(plain.body().length));
            for (HttpResponse<byte[]> r : List.of(plain, zipped)) {
                assertThat(String.join(",", r.headers().allValues("Vary")).split("(?i)accept-encoding", -1))
                        .as("Vary: Accept-Encoding exactly once").hasSize(2);
            }
            String plainTag = plain.headers().firstValue("ETag").orElseThrow();
            String zippedTag = zipped.headers().firstValue("ETag").orElseThrow();
            assertThat(zippedTag).isNotEqualTo(plainTag).doesNotStartWith("W/").endsWith("-gzip\"");
            assertThat(raw(page, "Accept-Encoding", "gzip").body()).as("the same bytes again").isEqualTo(zipped.body());

            HttpResponse<byte[]> zipped304 = raw(page, "Accept-Encoding", "gzip", "If-None-Match", zippedTag);
            assertThat(zipped304.statusCode()).isEqualTo(304);
            assertThat(zipped304.headers().firstValue("ETag")).hasValue(zippedTag);
            assertThat(zipped304.headers().allValues("Vary")).anySatisfy(v -> assertThat(v).contains("Accept-Encoding"));
            assertThat(raw(page, "If-None-Match", plainTag).statusCode()).isEqualTo(304);
            // a tag of the other coding is not this representation's
            assertThat(raw(page, "If-None-Match", zippedTag).statusCode()).isEqualTo(200);
            assertThat(raw(page, "Accept-Encoding", "gzip", "If-None-Match", plainTag).statusCode()).isEqualTo(200);
            assertThat(raw(page, "Accept-Encoding", "gzip;q=0").headers().firstValue("Content-Encoding")).isEmpty();
        }
    }

    @Test
    void corsAllowsOnlyTheConfiguredOrigin() {
        Http.Reply allowed = get("/api/candles?limit=1", "Origin", "http://chart.example");
        assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo("http://chart.example");
        assertThat(allowed.header("Access-Control-Expose-Headers")).contains("ETag");

        Http.Reply other = get("/api/candles?limit=1", "Origin", "http://evil.example");
        assertThat(other.status()).isEqualTo(200);
        assertThat(other.header("Access-Control-Allow-Origin")).isNull();

        // With a list of origins the answer depends on Origin, so a cache must key on it, also
        // for the answer to a request without one.
        assertThat(String.join(",", get("/api/candles?limit=1").raw().headers().allValues("Vary"))).contains("Origin");
    }

    @Test
    void corsPreflightIsAnsweredForAllowedOriginsOnly() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> ok = client.send(preflight("http://chart.example"), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(204);
        assertThat(ok.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("GET");
        HttpResponse<String> denied = client.send(preflight("http://evil.example"), HttpResponse.BodyHandlers.ofString());
        assertThat(denied.statusCode()).isEqualTo(403);
    }

    private static HttpRequest preflight(String origin) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + APP.getLocalPort() + "/api/candles"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "GET")
                .build();
    }

    @Test
    void responsesNotStoredBySharedCachesCarryARequestIdAndEchoASaneIncomingOne() {
        String generated = get("/api/health").header("X-Request-Id");
        assertThat(generated).matches("[0-9a-f-]{36}");
        assertThat(get("/api/health").header("X-Request-Id")).isNotEqualTo(generated);
        assertThat(get("/api/health", "X-Request-Id", "bot-42.a").header("X-Request-Id")).isEqualTo("bot-42.a");
        assertThat(get("/api/health", "X-Request-Id", "bad id <script>").header("X-Request-Id"))
                .matches("[0-9a-f-]{36}");
        assertThat(get("/api/candles?tf=9").header("X-Request-Id")).isNotBlank();
        assertThat(get("/api/candles?limit=1", "X-Request-Id", "bot-42.a").header("X-Request-Id"))
                .as("public candle pages: a cache would replay one client's id to all").isNull();
    }

    @Test
    void sessionReturnsTheStoredProfileForADayAndTheLatestWithoutDate() {
        Http.Reply day = get("/api/session?symbol=BTCUSDT&exchange=binance&date=2023-11-14");
        assertThat(day.status()).isEqualTo(200);
        JsonNode s = day.json();
        assertThat(s.get("exchange").asText()).isEqualTo("BINANCE");
        assertThat(s.get("symbol").asText()).isEqualTo("BTCUSDT");
        assertThat(s.get("date").asText()).isEqualTo("2023-11-14");
        assertThat(s.get("poc").asDouble()).isEqualTo(36500.5);
        assertThat(s.get("vwap").asDouble()).isEqualTo(36480.25);
        assertThat(s.get("vah").asDouble()).isEqualTo(36900);
        assertThat(s.get("val").asDouble()).isEqualTo(36100);
        assertThat(s.get("volume").asDouble()).isEqualTo(12345.5);

        assertThat(get("/api/session?symbol=btcusdt").json().get("date").asText()).isEqualTo("2023-11-15");
    }

    @Test
    void sessionErrorsAreJson() {
        Http.Reply bad = get("/api/session?date=14.11.2023");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("message").asText()).startsWith("date:").contains("yyyy-MM-dd");

        Http.Reply missing = get("/api/session?date=2020-01-01");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("code").asInt()).isEqualTo(404);
        assertThat(missing.json().get("message").asText()).contains("BINANCE:BTCUSDT").contains("2020-01-01");
    }

    @Test
    void unknownPathsAndMethodsAreJsonErrorsNot500() throws Exception {
        Http.Reply nope = get("/api/nope");
        assertThat(nope.status()).isEqualTo(404);
        assertThat(nope.json().get("code").asInt()).isEqualTo(404);

        HttpResponse<String> post = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + APP.getLocalPort() + "/api/candles"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }
}
