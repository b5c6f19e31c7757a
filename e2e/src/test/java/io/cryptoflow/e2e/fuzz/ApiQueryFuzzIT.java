package io.cryptoflow.e2e.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptoflow.api.ApiApplication;
import io.cryptoflow.api.ApiConfiguration;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of random and hostile query strings against the real {@link ApiApplication} over a real
 * api.db: huge and negative numbers, floats, NaN, unicode, NUL, SQL fragments, path tricks,
 * repeated and valueless parameters. Every answer is 2xx or 4xx, never 5xx; every 4xx is JSON
 * {@code {code, message}} whose code matches the status and whose message names the bad parameter;
 * the API keeps serving correct candles afterwards.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ApiQueryFuzzIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int REQUESTS = Integer.getInteger("cryptoflow.fuzz.requests", 2000);
    private static final List<String> PATHS = List.of("/api/candles", "/api/candles", "/api/candles", "/api/session",
            "/api/symbols", "/api/health", "/api/trades", "/api/trades", "/api/depth", "/api/depth");
    private static final List<String> PARAMS = List.of("symbol", "exchange", "tf", "limit", "before", "from", "to", "date",
            "cursor", "format", "step");
    private static final List<String> HOSTILE = List.of(
            "", "0", "-1", "1", "15", "60", "240", "1440", "1441", "5000", "5001", "-5000", "1000",
            "csv", "json", "1s", "5m", "1d", "2d", "0s", "90s", "1w", "60000", "1700006400000-5", "1-", "-1-1", "5000001",
            "99999999999999999999999999", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
            "1e9", "1.5", "0x10", "NaN", "Infinity", "-Infinity", "+15", " 15", "15 ", "1_000",
            "btcusdt", "BTCUSDT", "ethusdt", "binance", "BINANCE", "bybit", "kraken", "BINANCE:BTCUSDT",
            "btc/usdt", "btc-usdt", "btcusdt'", "' OR '1'='1", "1; DROP TABLE candles_15; --", "candles_15",
            "\" OR \"\"=\"", "1 UNION SELECT * FROM cf_state", "%", "%%", "../../../etc/passwd", "<script>alert(1)</script>",
            "😀", "ß", "ＢＴＣＵＳＤＴ", "\u0000", "\u202Ebtcusdt", "null", "undefined", "true", "[]", "{}",
            "2023-11-15", "2023-13-45", "15-11-2023", "9999-12-31", "0000-00-00", "1700006400000",
            "A".repeat(300), "9".repeat(2000));

    @TempDir
    static Path dataDir;

    static final DropwizardAppExtension<ApiConfiguration> APP = new DropwizardAppExtension<>(
            ApiApplication.class, ResourceHelpers.resourceFilePath("fuzz/api-fuzz.yml"),
            ConfigOverride.config("dataDir", () -> dataDir.toString()));

    @BeforeAll
    static void createReplica() throws Exception {
        FuzzReplica.create(dataDir.resolve("api.db"));
    }

    @Test
    void randomAndHostileQueriesGetOnlyTwoOrFourHundredsAndEveryErrorSaysWhatWasWrong() throws Exception {
        long seed = Long.getLong("cryptoflow.fuzz.seed", System.nanoTime());
        Random random = new Random(seed);
        List<String> targets = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            targets.add(randomTarget(random));
        }
        Map<Integer, Integer> statuses = new TreeMap<>();
        Map<String, String> violations = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> replies = new ArrayList<>();
            for (String target : targets) {
                replies.add(pool.submit(() -> check(target, violations)));
            }
            for (Future<Integer> f : replies) {
                statuses.merge(f.get(), 1, Integer::sum);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(violations).as("seed %d; statuses %s", seed, statuses).isEmpty();
        assertThat(statuses.keySet()).as("both accepted and rejected requests were generated").anyMatch(s -> s == 200)
                .anyMatch(s -> s == 400);
        stillServesCorrectCandles();
    }

    @Test
    void sqlInTheSymbolIsJustAnUnknownOrInvalidSymbolAndTheTablesAreIntact() throws Exception {
        for (String sql : List.of("btcusdt' OR '1'='1", "btcusdt; DROP TABLE candles_15", "candles_15")) {
            RawHttp.Reply r = RawHttp.get(APP.getLocalPort(), "/api/candles?symbol=" + enc(sql) + "&tf=15");
            assertThat(r.status()).isBetween(400, 404);
            String message = JSON.readTree(r.body()).path("message").asText();
            assertThat(message).containsIgnoringCase("symbol");
            assertThat(leaksInternals(message)).as(message).isFalse();
        }
        stillServesCorrectCandles();
    }

    @Test
    void malformedPercentEncodingAndRawBytesNeverGetAServerError() throws Exception {
        for (String target : List.of("/api/candles?symbol=%", "/api/candles?symbol=%zz&tf=15", "/api/candles?tf=%F0%9F",
                "/api/candles?symbol=btc%00usdt", "/api/candles?&&&=&=", "/api/candles?symbol==btcusdt",
                "/api/candles?tf=15&tf=60&tf=abc", "/api/candles?limit", "/api/candles?" + "a=1&".repeat(500))) {
            RawHttp.Reply r = RawHttp.get(APP.getLocalPort(), target);
            assertThat(r.status()).as(target).isBetween(200, 499);
        }
        stillServesCorrectCandles();
    }

    /** A path Jetty refuses before any handler answers the API's JSON error, not Jetty's HTML page. */
    @Test
    void aMalformedPathIsAJsonErrorSayingWhatToFix() throws Exception {
        for (String target : List.of("/api/candles%zz", "/api/candles%", "/api%2")) {
            RawHttp.Reply r = RawHttp.get(APP.getLocalPort(), target);
            assertThat(r.status()).as(target).isEqualTo(400);
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.path("code").asInt()).as(target).isEqualTo(400);
            assertThat(body.path("message").asText()).as(target).contains("hex digits");
            assertThat(leaksInternals(body.path("message").asText())).isFalse();
        }
        stillServesCorrectCandles();
    }

    private static Integer check(String target, Map<String, String> violations) {
        RawHttp.Reply r;
        try {
            r = RawHttp.get(APP.getLocalPort(), target);
        } catch (Exception e) {
            violations.put(target, "no HTTP answer: " + e);
            return -1;
        }
        if (r.status() >= 500 || r.status() < 200 || (r.status() >= 300 && r.status() < 400)) {
            violations.put(target, "status " + r.status() + ": " + abbreviate(r.body()));
            return r.status();
        }
        JsonNode body;
        try {
            body = JSON.readTree(r.body());
        } catch (Exception e) {
            violations.put(target, "status " + r.status() + " body is not JSON: " + abbreviate(r.body()));
            return r.status();
        }
        if (r.status() >= 400) {
            String message = body.path("message").asText("");
            if (body.path("code").asInt() != r.status() || message.isBlank()) {
                violations.put(target, "4xx body is not {code, message}: " + abbreviate(r.body()));
            } else if (r.status() == 400 && PARAMS.stream().noneMatch(message::contains)) {
                violations.put(target, "400 message names no parameter: " + message);
            } else if (leaksInternals(message)) {
                violations.put(target, "error leaks internals: " + message);
            }
        }
        return r.status();
    }

    /** Echoing the rejected value is fine ("got '1 UNION SELECT…'"); driver, SQL engine or Java text is not. */
    private static boolean leaksInternals(String message) {
        String m = message.toLowerCase(java.util.Locale.ROOT);
        return m.contains("sqlite") || m.contains("syntax error") || m.contains("no such table") || m.contains("exception")
                || m.contains("java.") || m.contains("jdbi");
    }

    private static void stillServesCorrectCandles() throws Exception {
        RawHttp.Reply r = RawHttp.get(APP.getLocalPort(), "/api/candles?symbol=btcusdt&exchange=binance&tf=15&limit=10");
        assertThat(r.status()).isEqualTo(200);
        JsonNode page = JSON.readTree(r.body());
        assertThat(page.path("candles")).hasSize(10);
        long last = FuzzReplica.T0 + (FuzzReplica.CANDLES - 1) * 900_000L;
        assertThat(page.path("candles").get(9).path("time").asLong()).isEqualTo(last);
        assertThat(page.path("candles").get(9).path("clusters").size()).isEqualTo(1);
    }

    private static String randomTarget(Random random) {
        StringBuilder sb = new StringBuilder(PATHS.get(random.nextInt(PATHS.size())));
        int n = random.nextInt(6);
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? '?' : '&');
            String name = random.nextInt(10) == 0 ? randomName(random) : PARAMS.get(random.nextInt(PARAMS.size()));
            sb.append(enc(name));
            int shape = random.nextInt(12);
            if (shape == 0) {
                continue; // valueless: ?limit
            }
            sb.append('=');
            if (shape == 1) {
                continue; // empty: ?limit=
            }
            String value = shape == 2 ? randomText(random) : HOSTILE.get(random.nextInt(HOSTILE.size()));
            sb.append(enc(value));
        }
        return sb.toString();
    }

    private static String randomName(Random random) {
        return List.of("Symbol", "TF", "limit[]", "symbol[0]", "callback", "__proto__", "sort", "").get(random.nextInt(8));
    }

    private static String randomText(Random random) {
        StringBuilder sb = new StringBuilder();
        int len = random.nextInt(40);
        for (int i = 0; i < len; i++) {
            int kind = random.nextInt(4);
            sb.appendCodePoint(kind == 0 ? 32 + random.nextInt(95) : kind == 1 ? '0' + random.nextInt(10)
                    : kind == 2 ? 0x80 + random.nextInt(0x2000) : 0x1F600 + random.nextInt(50));
        }
        return sb.toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
