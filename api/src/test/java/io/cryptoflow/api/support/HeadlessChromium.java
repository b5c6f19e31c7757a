package io.cryptoflow.api.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Headless Chromium driven over the DevTools protocol with the JDK's WebSocket client: enough
 * to evaluate JavaScript in the page, wait for conditions and take screenshots.
 */
public final class HeadlessChromium implements AutoCloseable {

    public static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final WebSocket devtools;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    /** Uncaught JavaScript exceptions and console errors reported by the page. */
    public final List<String> pageErrors = new CopyOnWriteArrayList<>();

    public static boolean available() {
        return Files.isExecutable(BINARY);
    }

    /** Skips the calling test class when Chromium is missing, unless CRYPTOFLOW_REQUIRE_CHROMIUM is set (then it fails). */
    public static void assumeAvailableOrRequired() {
        String required = System.getenv("CRYPTOFLOW_REQUIRE_CHROMIUM");
        org.junit.jupiter.api.Assumptions.assumeTrue(available() || (required != null && !required.isBlank()),
                "chromium not installed and CRYPTOFLOW_REQUIRE_CHROMIUM unset");
    }

    public HeadlessChromium(String url, Path profileDir) throws Exception {
        process = new ProcessBuilder(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--no-first-run",
                "--disable-dev-shm-usage", "--window-size=1400,900", "--remote-debugging-port=0",
                "--user-data-dir=" + profileDir, url)
                .redirectErrorStream(true)
                .redirectOutput(profileDir.resolveSibling(profileDir.getFileName() + ".log").toFile())
                .start();
        int port = devtoolsPort(profileDir.resolve("DevToolsActivePort"));
        HttpClient http = HttpClient.newHttpClient();
        String wsUrl = null;
        Instant deadline = Instant.now().plusSeconds(20);
        while (wsUrl == null && Instant.now().isBefore(deadline)) {
            JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            for (JsonNode t : targets) {
                if ("page".equals(t.path("type").asText())) {
                    wsUrl = t.path("webSocketDebuggerUrl").asText();
                }
            }
            if (wsUrl == null) {
                Thread.sleep(100);
            }
        }
        if (wsUrl == null) {
            throw new IllegalStateException("chromium exposed no page target");
        }
        devtools = http.newWebSocketBuilder().buildAsync(URI.create(wsUrl), new Listener()).get(10, TimeUnit.SECONDS);
        call("Runtime.enable", JSON.createObjectNode());
    }

    private int devtoolsPort(Path file) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("chromium exited with " + process.exitValue());
            }
            if (Files.exists(file)) {
                List<String> lines = Files.readAllLines(file);
                if (!lines.isEmpty() && !lines.get(0).isBlank()) {
                    return Integer.parseInt(lines.get(0).trim());
                }
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("chromium did not open its DevTools port");
    }

    public JsonNode call(String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
        msg.set("params", params);
        devtools.sendText(JSON.writeValueAsString(msg), true).get(5, TimeUnit.SECONDS);
        JsonNode r = reply.get(20, TimeUnit.SECONDS);
        if (r.has("error")) {
            throw new IllegalStateException(method + " failed: " + r.get("error"));
        }
        return r.get("result");
    }

    /** Evaluates an expression (promises awaited) and returns its JSON value. */
    public JsonNode eval(String expression) throws Exception {
        ObjectNode p = JSON.createObjectNode().put("expression", expression).put("returnByValue", true)
                .put("awaitPromise", true);
        JsonNode result = call("Runtime.evaluate", p);
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException("page threw: " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /** Polls a boolean expression until it is true. */
    public void waitFor(String expression, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            // While the page is still navigating, document.body may be null: that is "not yet".
            if (eval("(() => { try { return Boolean(" + expression + "); } catch (e) { return false; } })()").asBoolean()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("page condition not met within " + timeout + ": " + expression
                + "; body dataset=" + eval("JSON.stringify(document.body.dataset)")
                + "; status=" + eval("document.getElementById('status').textContent") + "; errors=" + pageErrors);
    }

    public Path screenshot(Path file) throws Exception {
        JsonNode r = call("Page.captureScreenshot", JSON.createObjectNode().put("format", "png"));
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode(r.get("data").asText()));
        return file;
    }

    @Override
    public void close() throws IOException {
        try {
            if (devtools != null) {
                devtools.abort();
            }
        } finally {
            // Chromium's renderer and utility processes outlive its main process for a moment and keep
            // writing to the profile directory, which the test deletes next: they are listed while the
            // main process still parents them, and each one is waited for too.
            List<ProcessHandle> helpers = process.descendants().toList();
            stop(process.toHandle());
            helpers.forEach(HeadlessChromium::stop);
        }
    }

    private static void stop(ProcessHandle p) {
        p.destroy();
        try {
            p.onExit().get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            p.destroyForcibly();
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                handle(partial.toString());
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        private void handle(String text) {
            try {
                JsonNode msg = JSON.readTree(text);
                if (msg.has("id")) {
                    CompletableFuture<JsonNode> f = pending.remove(msg.get("id").asInt());
                    if (f != null) {
                        f.complete(msg);
                    }
                } else if ("Runtime.exceptionThrown".equals(msg.path("method").asText())) {
                    pageErrors.add(msg.path("params").path("exceptionDetails").toString());
                } else if ("Runtime.consoleAPICalled".equals(msg.path("method").asText())
                        && "error".equals(msg.path("params").path("type").asText())) {
                    pageErrors.add("console.error: " + msg.path("params").path("args"));
                }
            } catch (IOException e) {
                pageErrors.add("unreadable DevTools message: " + e);
            }
        }
    }
}
