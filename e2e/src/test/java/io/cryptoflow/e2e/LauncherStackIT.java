package io.cryptoflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptoflow.common.RepoRoot;
import io.cryptoflow.simulator.ExchangeSimulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end-to-end "must show": {@code bin/cryptoflow up} starts the three real jars as three
 * processes against a local server speaking the Binance USD-M klines API, and the API serves
 * exactly that server's klines, read from api.db, without ever opening collector.db.
 */
class LauncherStackIT {

    private static final Pattern STARTED = Pattern.compile("\\[cryptoflow] started (\\w+) \\(pid (\\d+)\\)");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private ExchangeSimulator exchange;
    private Process stack;
    private Path log;

    @AfterEach
    void stopEverything() throws Exception {
        if (stack != null && stack.isAlive()) {
            stack.destroy();
            stack.waitFor();
        }
        if (exchange != null) {
            exchange.close();
        }
    }

    @Test
    void upServesTheExchangesKlinesFromTheReplicaAndTheApiNeverOpensCollectorDb() throws Exception {
        // A fixed clock keeps the simulator's forming candle still, so "equal field by field" is exact.
        Instant now = Instant.now();
        exchange = ExchangeSimulator.builder().clock(Clock.fixed(now, java.time.ZoneOffset.UTC)).build().start();
        int apiPort = FreePorts.next();
        Path root = RepoRoot.find();
        log = root.resolve("e2e/target/launcher-stack-it.log");
        Files.createDirectories(log.getParent());

        ProcessBuilder pb = new ProcessBuilder(root.resolve("bin/cryptoflow").toString(), "up")
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("CRYPTOFLOW_SKIP_BUILD", "1");
        env.put("CRYPTOFLOW_DATA_DIR", data.toString());
        env.put("CRYPTOFLOW_HISTORY_DAYS", "7");
        env.put("API_PORT", Integer.toString(apiPort));
        env.put("API_ADMIN_PORT", Integer.toString(FreePorts.next()));
        env.put("COLLECTOR_PORT", Integer.toString(FreePorts.next()));
        env.put("REPLICATOR_PORT", Integer.toString(FreePorts.next()));
        pointEveryExchangeAt(env, exchange.baseUrl());
        stack = pb.start();

        Map<String, Long> pids = awaitPids(Set.of("collector", "replicator", "api"));
        long apiPid = pids.get("api");
        Set<String> filesTheApiOpened = new HashSet<>();

        String url = "http://127.0.0.1:" + apiPort + "/api/candles?symbol=btcusdt&tf=60&limit=24";
        JsonNode body = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    filesTheApiOpened.addAll(openFiles(apiPid));
                    assertThat(stack.isAlive()).as("stack still running; see " + log).isTrue();
                    return getJson(url);
                }, b -> b != null && b.path("candles").size() == 24 && closedButTheNewest(b.path("candles")));

        JsonNode candles = body.get("candles");
        long first = candles.get(0).get("time").asLong();
        JsonNode klines = getJson(exchange.baseUrl() + "/fapi/v1/klines?symbol=BTCUSDT&interval=1h&startTime=" + first + "&limit=24");
        assertThat(klines.size()).isEqualTo(24);
        for (int i = 0; i < 24; i++) {
            assertCandleEqualsKline(candles.get(i), klines.get(i));
        }
        assertThat(body.get("exchange").asText()).isEqualTo("BINANCE");
        assertThat(body.get("symbol").asText()).isEqualTo("BTCUSDT");
        assertThat(body.get("oldestTime").asLong()).isEqualTo(first);
        assertThat(body.get("hasMore").asBoolean()).isTrue();

        assertThat(data.resolve("collector.db")).isRegularFile();
        assertThat(data.resolve("api.db")).isRegularFile();
        assertThat(Files.isSameFile(data.resolve("collector.db"), data.resolve("api.db"))).isFalse();
        filesTheApiOpened.addAll(openFiles(apiPid));
        assertThat(filesTheApiOpened).anyMatch(f -> f.endsWith("/api.db"));
        assertThat(filesTheApiOpened).noneMatch(f -> f.contains("collector.db"));

        stack.destroy(); // SIGTERM to the launcher: it must stop all three services
        assertThat(stack.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        for (long pid : pids.values()) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .as("pid " + pid + " stopped").isFalse();
        }
    }

    /**
     * The launcher's order flow imports trade archives too: a candle first written from trades is
     * stored as forming (closed false) with what the trades add up, until its kline arrives, and the
     * kline backfill may still be waiting for a busy machine (backfillYield). Only then is the page
     * the exchange's klines.
     */
    private static boolean closedButTheNewest(JsonNode candles) {
        for (int i = 0; i < candles.size() - 1; i++) {
            if (!candles.get(i).path("closed").asBoolean(false)) {
                return false;
            }
        }
        return true;
    }

    static void pointEveryExchangeAt(Map<String, String> env, String baseUrl) {
        String ws = baseUrl.replaceFirst("^http", "ws");
        for (String name : List.of("BINANCE_FUTURES_REST_URL", "BINANCE_SPOT_REST_URL", "BYBIT_REST_URL",
                "BITGET_REST_URL", "BINANCE_ARCHIVE_URL", "BYBIT_ARCHIVE_URL")) {
            env.put(name, baseUrl);
        }
        env.put("BINANCE_FUTURES_WS_URL", ws + "/market");
        env.put("BINANCE_SPOT_WS_URL", ws);
        env.put("BYBIT_WS_URL", ws + "/v5/public/linear");
        env.put("BYBIT_SPOT_WS_URL", ws + "/v5/public/spot");
        env.put("BITGET_WS_URL", ws + "/v2/ws/public");
    }

    private static void assertCandleEqualsKline(JsonNode candle, JsonNode kline) {
        double volume = Double.parseDouble(kline.get(5).asText());
        double buy = Double.parseDouble(kline.get(9).asText());
        assertThat(candle.get("time").asLong()).isEqualTo(kline.get(0).asLong());
        assertThat(candle.get("open").asDouble()).isEqualTo(Double.parseDouble(kline.get(1).asText()));
        assertThat(candle.get("high").asDouble()).isEqualTo(Double.parseDouble(kline.get(2).asText()));
        assertThat(candle.get("low").asDouble()).isEqualTo(Double.parseDouble(kline.get(3).asText()));
        assertThat(candle.get("close").asDouble()).isEqualTo(Double.parseDouble(kline.get(4).asText()));
        assertThat(candle.get("volume").asDouble()).isEqualTo(volume);
        assertThat(candle.get("buyVolume").asDouble()).isEqualTo(buy);
        assertThat(candle.get("sellVolume").asDouble()).isCloseTo(volume - buy, within(1e-9));
        assertThat(candle.get("delta").asDouble()).isCloseTo(buy - (volume - buy), within(1e-9));
        assertThat(candle.get("tradeCount").asLong()).isEqualTo(kline.get(8).asLong());
    }

    private Map<String, Long> awaitPids(Set<String> names) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> {
            Map<String, Long> found = new java.util.HashMap<>();
            if (Files.exists(log)) {
                Matcher m = STARTED.matcher(Files.readString(log));
                while (m.find()) {
                    found.put(m.group(1), Long.parseLong(m.group(2)));
                }
            }
            return found;
        }, found -> found.keySet().containsAll(names));
    }

    private static Set<String> openFiles(long pid) throws IOException {
        Set<String> files = new HashSet<>();
        Path fds = Path.of("/proc/" + pid + "/fd");
        if (!Files.isDirectory(fds)) {
            return files;
        }
        try (Stream<Path> list = Files.list(fds)) {
            list.forEach(fd -> {
                try {
                    files.add(Files.readSymbolicLink(fd).toString());
                } catch (IOException ignored) {
                    // the descriptor closed between listing and reading
                }
            });
        }
        return files;
    }

    private JsonNode getJson(String url) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
