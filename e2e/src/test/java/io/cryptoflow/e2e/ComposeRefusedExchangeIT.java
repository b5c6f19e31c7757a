package io.cryptoflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptoflow.common.RepoRoot;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 24 item 7 as a user in a restricted region meets it: the compose stack with the simulator
 * answering HTTP 451 to every Binance request (e2e/compose/simulator.yml {@code SIMULATOR_ARGS=--refuse
 * binance}). Every service must become healthy (compose starts the API only after the collector's
 * dependants are up), the other exchanges' candles must reach the API, and the collector's
 * {@code /progress} must name the refused exchange.
 *
 * <p>Docker as for {@link ComposeStackIT}: skipped without an engine unless {@code CRYPTOFLOW_REQUIRE_DOCKER=1}.
 */
class ComposeRefusedExchangeIT {

    private static final List<String> FILES = List.of("docker-compose.yml", "e2e/compose/simulator.yml");
    private static final List<String> SERVICES = List.of("simulator", "collector", "replicator", "api", "litestream");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ComposeProject stack;
    private static String skipReason;
    private static int apiPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void dockerOrSkip() {
        ComposeProject.Choice compose = ComposeProject.composeOrSkip("ComposeRefusedExchangeIT", RepoRoot.find());
        skipReason = compose.skipReason();
        if (skipReason != null) {
            return;
        }
        apiPort = FreePorts.next();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("COMPOSE_PROJECT_NAME", "cryptoflowrefusedit" + ProcessHandle.current().pid());
        env.put("API_PORT", Integer.toString(apiPort));
        env.put("CRYPTOFLOW_IMAGE_BUILD", "prebuilt");
        env.put("CRYPTOFLOW_HISTORY_DAYS", "2");
        env.put("SIMULATOR_ARGS", "--refuse binance");
        stack = new ComposeProject(compose.command(), RepoRoot.find(), FILES, env);
    }

    @AfterAll
    static void tearDown() {
        if (stack != null) {
            stack.compose("down", "--volumes", "--remove-orphans");
        }
    }

    @Test
    void theStackBecomesHealthyAndFillsTheOtherExchangesWhileBinanceRefusesEveryRequest() throws Exception {
        Assumptions.assumeTrue(skipReason == null, skipReason);
        stack.compose("build");
        stack.compose("up", "-d");
        await("every service healthy", Duration.ofMinutes(4), () -> {
            Map<String, String> states = stack.states();
            return SERVICES.stream().allMatch(s -> String.valueOf(states.get(s)).startsWith("running healthy"));
        });
        System.out.println("[refused exchange] states: " + stack.states());

        await("Bybit linear candles served", Duration.ofMinutes(2), () -> candles("BYBIT") > 0);
        assertThat(candles("BINANCE")).as("no Binance candle can exist: every request was refused").isZero();

        JsonNode progress = JSON.readTree(collectorGet("/progress"));
        JsonNode refused = null;
        for (JsonNode e : progress.path("exchanges")) {
            if (e.toString().contains("REFUSED") && e.toString().toLowerCase().contains("binance")) {
                refused = e;
            }
        }
        System.out.println("[refused exchange] /progress exchanges: " + progress.path("exchanges"));
        assertThat(refused).as("/progress names the refused exchange: " + progress.path("exchanges")).isNotNull();
        assertThat(refused.toString()).contains("451");
        assertThat(refused.get("nextRetry").isIntegralNumber()).as("epoch ms, like every time of the project").isTrue();
        String health = collectorGet("/admin/healthcheck");
        assertThat(health).as("the collector's health details say why").contains("REFUSED");
    }

    /** Closed candles of BTCUSDT 15m the API serves for {@code exchange}; 0 on an error answer. */
    private long candles(String exchange) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort
                    + "/api/candles?symbol=BTCUSDT&exchange=" + exchange + "&tf=15&limit=50"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? JSON.readTree(r.body()).path("candles").size() : 0;
        } catch (java.io.IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** The collector's operator endpoint is bound inside its container only: asked through docker exec. */
    private static String collectorGet(String path) {
        ComposeProject.Output out = stack.dockerQuiet("exec", stack.containerId("collector"),
                "curl", "-sS", "http://127.0.0.1:3002" + path);
        assertThat(out.exitCode()).as("curl " + path + ": " + out.text()).isZero();
        return out.text();
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                System.out.println("[refused exchange] states at the timeout: " + stack.states());
                stack.compose("logs", "--no-color", "--tail", "40");
                throw new AssertionError("timed out after " + timeout + " waiting for: " + what);
            }
            Thread.sleep(2_000);
        }
        System.out.printf("[refused exchange] %s after %.1f s%n", what, (System.nanoTime() - start) / 1e9);
    }
}
