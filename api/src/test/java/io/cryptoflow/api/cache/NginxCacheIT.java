package io.cryptoflow.api.cache;

import static io.cryptoflow.api.support.ApiDbFixture.BTC;
import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoflow.api.ApiApplication;
import io.cryptoflow.api.ApiConfiguration;
import io.cryptoflow.api.support.ApiDbFixture;
import io.cryptoflow.api.support.Http;
import io.cryptoflow.api.support.NginxProcess;
import io.cryptoflow.common.Candle;
import io.cryptoflow.common.Timeframe;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped nginx cache tier (deploy/nginx) in front of the real API: a closed range is stored
 * and served by nginx alone, also once the API is stopped; an open range is revalidated with its
 * ETag after its short max-age (304 from the API, REVALIDATED at nginx) and refetched once it
 * changed; a gzip client and an identity client each get their own stored body (the API's gzip
 * body as it made it, and the plain one), also with the API stopped. Needs Debian's nginx; skipped without it unless CRYPTOFLOW_REQUIRE_NGINX=1 (CI).
 */
class NginxCacheIT {

    static final long T0 = 1_699_920_000_000L;

    @TempDir
    Path dir;

    @Test
    void closedRangesAreServedByNginxEvenWithTheApiStoppedAndOpenRangesAreRevalidated() throws Exception {
        Optional<Path> nginx = NginxProcess.binary();
        if (nginx.isEmpty()) {
            if ("1".equals(System.getenv("CRYPTOFLOW_REQUIRE_NGINX"))) {
                throw new IllegalStateException("CRYPTOFLOW_REQUIRE_NGINX=1 but no nginx binary (apt-get install nginx)");
            }
            Assumptions.abort("nginx is not installed (Debian: apt-get install nginx); cache-tier test skipped");
        }
        Path data = Files.createDirectories(dir.resolve("data"));
        try (ApiDbFixture db = ApiDbFixture.create(data.resolve("api.db"))) {
            List<Candle> candles = new ArrayList<>(ApiDbFixture.series(Timeframe.M15, T0, 40));
            long forming = T0 + 39 * 900_000L;
            candles.set(39, ApiDbFixture.candle(forming, 500, false));
            db.upsert(Timeframe.M15, BTC, 1, candles);

            DropwizardTestSupport<ApiConfiguration> api = new DropwizardTestSupport<>(ApiApplication.class,
                    ResourceHelpers.resourceFilePath("cache-tier-api.yml"),
                    ConfigOverride.config("dataDir", data.toString()));
            api.before();
            boolean apiRunning = true;
            try (NginxProcess cache = NginxProcess.start(nginx.get(), repoRoot(), dir.resolve("nginx"),
                    "127.0.0.1:" + api.getLocalPort())) {
                String open = "/api/candles?tf=15&limit=10";
                Http.Reply first = Http.get(cache.port, open);
                assertThat(first.status()).isEqualTo(200);
                assertThat(first.header("X-Cache-Status")).isEqualTo("MISS");
                assertThat(first.header("Cache-Control")).isEqualTo("public, max-age=1");
                Thread.sleep(2200); // max-age=1 at nginx's one-second clock
                Http.Reply revalidated = Http.get(cache.port, open);
                assertThat(revalidated.header("X-Cache-Status")).as("If-None-Match to the API, 304").isEqualTo("REVALIDATED");
                assertThat(revalidated.raw().body()).isEqualTo(first.raw().body());

                db.upsert(Timeframe.M15, BTC, 2, List.of(ApiDbFixture.candle(forming, 501, false)));
                Thread.sleep(2200); // max-age=1 at nginx's one-second clock
                Http.Reply changed = Http.get(cache.port, open);
                assertThat(changed.header("X-Cache-Status")).isEqualTo("EXPIRED");
                assertThat(changed.json().get("candles").get(9).get("open").asDouble()).isEqualTo(501);

                String closed = "/api/candles?tf=15&limit=10&before=" + (T0 + 20 * 900_000L);
                Http.Reply stored = Http.get(cache.port, closed);
                assertThat(stored.header("X-Cache-Status")).isEqualTo("MISS");
                assertThat(stored.header("Cache-Control")).isEqualTo("public, max-age=600, immutable");
                Http.Reply hit = Http.get(cache.port, closed);
                assertThat(hit.header("X-Cache-Status")).isEqualTo("HIT");
                // Request ids are per request, added by nginx, never replayed from the cache.
                assertThat(hit.header("X-Request-Id")).isNotBlank().isNotEqualTo(stored.header("X-Request-Id"));
                assertThat(hit.raw().headers().allValues("X-Request-Id")).hasSize(1);
                assertThat(Http.get(cache.port, closed, "X-Request-Id", "bot-7").header("X-Request-Id")).isEqualTo("bot-7");

                // A gzip client gets the API's own gzip body, stored apart from the identity one.
                HttpResponse<byte[]> zipped = bytes(cache.port, closed, "gzip, deflate, br");
                assertThat(zipped.headers().firstValue("X-Cache-Status")).hasValue("MISS");
                assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
                assertThat(zipped.headers().firstValue("ETag").orElseThrow()).endsWith("-gzip\"");
                assertThat(gunzip(zipped.body())).isEqualTo(stored.raw().body().getBytes(StandardCharsets.UTF_8));
                HttpResponse<byte[]> zippedHit = bytes(cache.port, closed, "gzip, deflate, br");
                assertThat(zippedHit.headers().firstValue("X-Cache-Status")).hasValue("HIT");
                assertThat(zippedHit.body()).isEqualTo(zipped.body());
                assertThat(Http.get(cache.port, closed).header("Content-Encoding")).as("identity still").isNull();
                // the open page with gzip: revalidated with the gzip tag after max-age (304 from the API)
                HttpResponse<byte[]> openZipped = bytes(cache.port, open, "gzip");
                assertThat(openZipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
                Thread.sleep(2200); // max-age=1 at nginx's one-second clock
                HttpResponse<byte[]> openAgain = bytes(cache.port, open, "gzip");
                assertThat(openAgain.headers().firstValue("X-Cache-Status")).hasValue("REVALIDATED");
                assertThat(openAgain.body()).isEqualTo(openZipped.body());
                assertThat(gunzip(openAgain.body())).isEqualTo(
                        Http.get(cache.port, open).raw().body().getBytes(StandardCharsets.UTF_8));

                api.after();
                apiRunning = false;
                Http.Reply alone = Http.get(cache.port, closed);
                assertThat(alone.status()).isEqualTo(200);
                assertThat(alone.header("X-Cache-Status")).isEqualTo("HIT");
                assertThat(alone.raw().body()).isEqualTo(stored.raw().body());
                assertThat(alone.json().get("candles")).hasSize(10);
                HttpResponse<byte[]> zippedAlone = bytes(cache.port, closed, "gzip, deflate, br");
                assertThat(zippedAlone.headers().firstValue("X-Cache-Status")).hasValue("HIT");
                assertThat(zippedAlone.body()).isEqualTo(zipped.body());
                assertThat(Http.get(cache.port, "/api/candles?tf=15&limit=11&before=" + (T0 + 20 * 900_000L)).status())
                        .as("an uncached range needs the API").isEqualTo(502);
                assertThat(cache.accessLog()).contains("cache=HIT").contains("cache=REVALIDATED upstream=304");
            } finally {
                if (apiRunning) {
                    api.after();
                }
            }
        }
    }

    /** The raw bytes as received (java.net.http never decompresses). */
    static HttpResponse<byte[]> bytes(int port, String path, String acceptEncoding) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Accept-Encoding", acceptEncoding).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static byte[] gunzip(byte[] z) throws java.io.IOException {
        return new GZIPInputStream(new ByteArrayInputStream(z)).readAllBytes();
    }

    static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isRegularFile(p.resolve("deploy/nginx/render.sh"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("deploy/nginx/render.sh not found above " + Path.of("").toAbsolutePath());
        }
        return p;
    }
}
