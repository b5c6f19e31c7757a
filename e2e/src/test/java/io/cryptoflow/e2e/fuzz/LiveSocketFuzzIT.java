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
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile frames on {@code /ws}: invalid JSON, non-objects, unknown types, bad or SQL-laden
 * symbols, binary frames, oversized frames, random bytes. Each gets an {@code error} message or a
 * close (1009 for oversized), never a silent hang, and afterwards a well-behaved client still
 * subscribes and gets its history.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class LiveSocketFuzzIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(5);

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
    void everyBadFrameGetsAnErrorMessageOnTheSameConnection() throws Exception {
        List<String> frames = List.of("not json", "{", "}", "[]", "42", "\"subscribe\"", "null", "{}",
                "{\"type\":\"hello\"}", "{\"type\":123}", "{\"type\":null}", "{\"type\":[\"subscribe\"]}",
                "{\"type\":\"subscribe\",\"symbol\":\"btcusdt'; DROP TABLE candles_15; --\",\"tf\":15}",
                "{\"type\":\"subscribe\",\"symbol\":\"btcusdt\",\"tf\":7}",
                "{\"type\":\"subscribe\",\"symbol\":\"btcusdt\",\"tf\":\"15; SELECT 1\"}",
                "{\"type\":\"subscribe\",\"symbol\":\"btcusdt\",\"exchange\":\"kraken\",\"tf\":15}",
                "{\"type\":\"subscribe\",\"symbol\":\"😀\",\"tf\":15}",
                "{\"type\":\"subscribe\",\"symbol\":{\"nested\":true},\"tf\":15}",
                "{\"type\":\"unsubscribe\",\"symbol\":\"\",\"tf\":-1}",
                "{\"type\":\"subscribe\",\"symbol\":\"btcusdt\",\"tf\":99999999999999999999}",
                "{\"type\":\"subscribe\",\"channel\":\"trades\",\"symbol\":\"btcusdt\",\"after\":\"1-2-3\"}",
                "{\"type\":\"subscribe\",\"channel\":\"trades\",\"symbol\":\"btcusdt\",\"after\":{\"x\":1}}",
                "{\"type\":\"subscribe\",\"channel\":\"trades\",\"symbol\":\"btc'usdt\"}",
                "{\"type\":\"hello\",\"channel\":\"trades\"}",
                "{\"type\":\"unsubscribe\",\"channel\":\"trades\",\"symbol\":\"btcusdt\"}",
                "{\"type\":\"subscribe\",\"channel\":\"depth\",\"symbol\":\"btc'usdt\"}",
                "{\"type\":\"subscribe\",\"channel\":\"depth\",\"exchange\":[1]}",
                "{\"type\":\"hello\",\"channel\":\"depth\"}",
                "{\"type\":\"unsubscribe\",\"channel\":\"depth\",\"symbol\":\"btcusdt\"}",
                "{\"type\":\"subscribe\",\"channel\":\"liquidations\",\"symbol\":\"btcusdt\",\"after\":\"1-2-3\"}",
                "{\"type\":\"subscribe\",\"channel\":\"liquidations\",\"symbol\":\"btcusdt\",\"after\":\"-5\"}",
                "{\"type\":\"subscribe\",\"channel\":\"liquidations\",\"symbol\":\"btcusdt\",\"after\":[1]}",
                "{\"type\":\"subscribe\",\"channel\":\"liquidations\",\"symbol\":\"btc'usdt\"}",
                "{\"type\":\"subscribe\",\"channel\":\"liquidations\",\"exchange\":\"b a\"}",
                "{\"type\":\"hello\",\"channel\":\"liquidations\"}",
                "{\"type\":\"unsubscribe\",\"channel\":\"liquidations\",\"symbol\":\"btcusdt\"}",
                "{\"type\":\"subscribe\",\"channel\":\"nonsense\",\"symbol\":\"btcusdt\"}",
                "{\"type\":\"subscribe\",\"channel\":{\"x\":1}}");
        try (WsProbe ws = new WsProbe(APP.getLocalPort())) {
            for (String frame : frames) {
                ws.sendText(frame);
                String reply = ws.next(WAIT);
                assertThat(reply).as("reply to %s", frame).isNotNull();
                JsonNode msg = JSON.readTree(reply);
                assertThat(msg.path("type").asText()).as("reply to %s: %s", frame, reply).isEqualTo("error");
                assertThat(msg.path("message").asText()).isNotBlank().doesNotContainIgnoringCase("sqlite");
            }
            assertThat(ws.closeCode(Duration.ofMillis(100))).as("connection stays open after bad frames").isNull();
            subscribeAndGetHistory(ws);
        }
    }

    @Test
    void anOversizedFrameClosesOnlyThatConnectionWith1009() throws Exception {
        try (WsProbe bystander = new WsProbe(APP.getLocalPort()); WsProbe big = new WsProbe(APP.getLocalPort())) {
            try {
                big.sendText("{\"type\":\"subscribe\",\"symbol\":\"" + "x".repeat(4 * 1024) + "\",\"tf\":15}");
            } catch (java.util.concurrent.ExecutionException closedWhileSending) {
                // the server may close before the client finished writing the frame
            }
            assertThat(big.closeCode(WAIT)).isEqualTo(1009);
            subscribeAndGetHistory(bystander);
        }
    }

    @Test
    void randomGarbageAndBinaryFramesLeaveTheServerServingNormalClients() throws Exception {
        Random random = new Random(Long.getLong("cryptoflow.fuzz.seed", System.nanoTime()));
        List<Integer> closes = new ArrayList<>();
        for (int c = 0; c < 20; c++) {
            try (WsProbe ws = new WsProbe(APP.getLocalPort())) {
                for (int i = 0; i < 10; i++) {
                    byte[] junk = new byte[random.nextInt(900)];
                    random.nextBytes(junk);
                    if (i > 0 && random.nextBoolean()) {
                        ws.sendBinary(junk);
                    } else {
                        ws.sendText(new String(junk, java.nio.charset.StandardCharsets.ISO_8859_1));
                    }
                    if (ws.closeCode(Duration.ofMillis(20)) != null) {
                        break;
                    }
                }
                Integer code = ws.closeCode(Duration.ofMillis(200));
                if (code != null) {
                    closes.add(code);
                } else {
                    // still open: it answered text garbage with errors, not silence
                    String reply = ws.next(WAIT);
                    assertThat(reply).isNotNull();
                }
            }
        }
        assertThat(closes).as("server-side close codes (1011 would be a server error)").allSatisfy(code -> assertThat(code).isIn(1002, 1003, 1007, 1009));
        try (WsProbe ws = new WsProbe(APP.getLocalPort())) {
            subscribeAndGetHistory(ws);
        }
    }

    private static void subscribeAndGetHistory(WsProbe ws) throws Exception {
        ws.sendText("{\"type\":\"subscribe\",\"symbol\":\"btcusdt\",\"exchange\":\"binance\",\"tf\":15}");
        JsonNode history = null;
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (history == null && System.nanoTime() < deadline) {
            String m = ws.next(WAIT);
            if (m != null && JSON.readTree(m).path("type").asText().equals("history")) {
                history = JSON.readTree(m);
            }
        }
        assertThat(history).as("history after subscribe").isNotNull();
        assertThat(history.path("candles").size()).isEqualTo(50); // live.historyLimit in api-fuzz.yml
    }
}
