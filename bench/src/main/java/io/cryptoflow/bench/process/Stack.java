package io.cryptoflow.bench.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The three services as processes over one data dir, every exchange URL pointed at a local
 * simulator, on free ports. Each service can be started and stopped on its own.
 */
public final class Stack implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Generous: on a busy 2-core machine a Dropwizard JVM can take a minute to open its port. */
    private static final Duration STARTUP = Duration.ofSeconds(240);

    private final Path repoRoot;
    private final Path dataDir;
    private final Path logDir;
    private final String exchangeUrl;
    public final int apiPort = FreePort.next();
    public final int apiAdminPort = FreePort.next();
    public final int collectorPort = FreePort.next();
    public final int replicatorPort = FreePort.next();
    private final Map<String, ServiceProcess> running = new LinkedHashMap<>();
    private final Map<String, List<String>> jvmArgs = new HashMap<>();
    private final Map<String, Integer> niceness = new HashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public Stack(Path repoRoot, Path dataDir, Path logDir, String exchangeUrl) {
        this.repoRoot = repoRoot;
        this.dataDir = dataDir;
        this.logDir = logDir;
        this.exchangeUrl = exchangeUrl;
    }

    /** JVM flags for one service (default: none, the JVM's own defaults). */
    /** Starts the module under {@code nice -n niceness} (as bin/cryptoflow does for the writers). */
    public Stack niceness(String module, int niceness) {
        this.niceness.put(module, niceness);
        return this;
    }

    public Stack jvmArgs(String module, List<String> args) {
        jvmArgs.put(module, List.copyOf(args));
        return this;
    }

    public Path dataDir() {
        return dataDir;
    }

    private Map<String, String> env(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>();
        env.put("CRYPTOFLOW_DATA_DIR", dataDir.toString());
        env.put("API_PORT", Integer.toString(apiPort));
        env.put("API_ADMIN_PORT", Integer.toString(apiAdminPort));
        // the collector's backfill yields to this stack's API readers, not to another API on the machine
        env.put("CRYPTOFLOW_API_READERS_ENDPOINT", "http://127.0.0.1:" + apiAdminPort + "/readers");
        env.put("COLLECTOR_PORT", Integer.toString(collectorPort));
        env.put("REPLICATOR_PORT", Integer.toString(replicatorPort));
        String ws = exchangeUrl.replaceFirst("^http", "ws");
        for (String name : List.of("BINANCE_FUTURES_REST_URL", "BINANCE_SPOT_REST_URL", "BYBIT_REST_URL",
                "BITGET_REST_URL", "BINANCE_ARCHIVE_URL", "BYBIT_ARCHIVE_URL")) {
            env.put(name, exchangeUrl);
        }
        env.put("BINANCE_FUTURES_WS_URL", ws + "/market");
        env.put("BINANCE_SPOT_WS_URL", ws);
        env.put("BYBIT_WS_URL", ws + "/v5/public/linear");
        env.put("BYBIT_SPOT_WS_URL", ws + "/v5/public/spot");
        env.put("BITGET_WS_URL", ws + "/v2/ws/public");
        env.putAll(extra);
        return env;
    }

    public ServiceProcess startCollector(Map<String, String> extraEnv) throws IOException, InterruptedException {
        ServiceProcess p = start("collector", extraEnv);
        p.awaitHttpOk("http://127.0.0.1:" + collectorPort + "/admin/ping", STARTUP);
        return p;
    }

    public ServiceProcess startReplicator(Map<String, String> extraEnv) throws IOException, InterruptedException {
        ServiceProcess p = start("replicator", extraEnv);
        p.awaitHttpOk("http://127.0.0.1:" + replicatorPort + "/admin/ping", STARTUP);
        return p;
    }

    public ServiceProcess startApi(Map<String, String> extraEnv) throws IOException, InterruptedException {
        ServiceProcess p = start("api", extraEnv);
        p.awaitHttpOk("http://127.0.0.1:" + apiAdminPort + "/ping", STARTUP);
        return p;
    }

    private ServiceProcess start(String module, Map<String, String> extraEnv) throws IOException {
        ServiceProcess old = running.remove(module);
        if (old != null) {
            old.close();
        }
        ServiceProcess p = ServiceProcess.start(repoRoot, module, env(extraEnv), logDir,
                jvmArgs.getOrDefault(module, List.of()), niceness.getOrDefault(module, 0));
        running.put(module, p);
        return p;
    }

    public void stop(String module) throws InterruptedException {
        ServiceProcess p = running.remove(module);
        if (p != null) {
            p.stop(Duration.ofSeconds(30));
        }
    }

    public List<ServiceProcess> processes() {
        return new ArrayList<>(running.values());
    }

    public String apiUrl(String pathAndQuery) {
        return "http://127.0.0.1:" + apiPort + pathAndQuery;
    }

    /** The collector's /progress JSON ({done, total, percent, markets}), or null when it does not answer. */
    public JsonNode collectorProgress() {
        return getJson("http://127.0.0.1:" + collectorPort + "/progress");
    }

    /**
     * Whether the collector's backfill is complete: /progress's {@code complete}, true once every market
     * worker has filled every configured window (its entries appear one by one as windows start, so
     * "all listed entries DONE" can be true between two of them).
     */
    public boolean backfillComplete() {
        JsonNode p = collectorProgress();
        return p != null && p.path("complete").asBoolean(false);
    }

    /** Whether {@code exchange}'s (e.g. BINANCE) {@code expectedEntries} symbol×timeframe windows are all filled. */
    public boolean backfillComplete(String exchange, int expectedEntries) {
        JsonNode p = collectorProgress();
        if (p == null) {
            return false;
        }
        int done = 0;
        for (JsonNode m : p.path("markets")) {
            if (exchange.equals(m.path("exchange").asText()) && "DONE".equals(m.path("state").asText())) {
                done++;
            }
        }
        return done >= expectedEntries;
    }

    /** "done / total candles over n of expected entries" for progress lines. */
    public String backfillSummary(int expectedEntries) {
        JsonNode p = collectorProgress();
        if (p == null) {
            return "no answer from /progress";
        }
        long done = 0;
        for (JsonNode m : p.path("markets")) {
            if ("DONE".equals(m.path("state").asText())) {
                done++;
            }
        }
        // Every enabled market reports entries, so there can be more than the expected Binance USD-M ones.
        return p.path("done").asLong() + " / " + p.path("total").asLong() + " candles; " + done + " of "
                + p.path("markets").size() + " market×symbol×timeframe entries started so far done (at least "
                + expectedEntries + " expected)";
    }

    /** The collector's SQLITE_BUSY/LOCKED counter from its metrics, or -1. */
    public long collectorBusyCounter() {
        return collectorCounter("cryptoflow.collector.sqlite.busy");
    }

    /** One of the collector's counters from its metrics, or -1 when it does not answer or has none. */
    public long collectorCounter(String name) {
        JsonNode m = getJson("http://127.0.0.1:" + collectorPort + "/admin/metrics");
        if (m == null) {
            return -1;
        }
        JsonNode c = m.path("counters").path(name).path("count");
        return c.isMissingNode() ? -1 : c.asLong();
    }

    /** One of the collector's numeric gauges, or -1 when it does not answer or has none. */
    public long collectorGauge(String name) {
        JsonNode m = getJson("http://127.0.0.1:" + collectorPort + "/admin/metrics");
        JsonNode g = m == null ? null : m.path("gauges").path(name).path("value");
        return g == null || !g.isNumber() ? -1 : g.asLong();
    }

    public JsonNode getJson(String url) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public void close() {
        List<ServiceProcess> all = new ArrayList<>(running.values());
        running.clear();
        java.util.Collections.reverse(all);
        all.forEach(ServiceProcess::close);
    }
}
