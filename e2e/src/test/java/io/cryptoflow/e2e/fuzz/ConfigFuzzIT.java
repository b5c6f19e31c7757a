package io.cryptoflow.e2e.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.cryptoflow.api.ApiApplication;
import io.cryptoflow.collector.CollectorApplication;
import io.cryptoflow.common.RepoRoot;
import io.cryptoflow.replicator.ReplicatorApplication;
import io.dropwizard.core.Application;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each service's shipped {@code <module>/config.yml} with one value made invalid: the {@code check}
 * command refuses it and the output names the key. The unmodified file passes, so each refusal is
 * caused by the one change.
 */
class ConfigFuzzIT {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** The unmodified file is checked once per module (same JVM), before its first mutation. */
    private static final java.util.Set<String> SHIPPED_CONFIG_CHECKED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @TempDir
    Path dir;

    static Stream<Arguments> invalidValues() {
        Supplier<Application<?>> collector = CollectorApplication::new;
        Supplier<Application<?>> replicator = ReplicatorApplication::new;
        Supplier<Application<?>> api = ApiApplication::new;
        return Stream.of(
                Arguments.of("collector", collector, "exchanges.binance-futures.klines.historyDays", "-5", "historyDays"),
                Arguments.of("collector", collector, "exchanges.binance-futures.klines.historyDays", "many", "historyDays"),
                Arguments.of("collector", collector, "exchanges.binance-futures.symbols", "[\"BTC/USDT\"]", "symbols"),
                Arguments.of("collector", collector, "exchanges.binance-futures.symbols", "[\"btc usdt; drop\"]", "symbols"),
                Arguments.of("collector", collector, "exchanges.binance-futures.klines.timeframes", "[\"7m\"]", "timeframes"),
                Arguments.of("collector", collector, "exchanges.binance-futures.restUrl", "\"ftp://example.com\"", "restUrl"),
                Arguments.of("collector", collector, "syncInterval", "\"soon\"", "syncInterval"),
                Arguments.of("collector", collector, "syncInterval", "\"1ms\"", "syncInterval"),
                Arguments.of("collector", collector, "writerQueueCapacity", "0", "writerQueueCapacity"),
                Arguments.of("collector", collector, "backfillYield.othersCpuAbove", "1.5", "othersCpuAbove"),
                Arguments.of("collector", collector, "backfillYield.maxWait", "\"1h\"", "maxWait"),
                Arguments.of("collector", collector, "server.connector.port", "70000", "port"),
                Arguments.of("collector", collector, "server.connector.port", "\"http\"", "port"),
                Arguments.of("collector", collector, "histroyDays", "30", "histroyDays"),
                Arguments.of("replicator", replicator, "strategy", "\"fancy\"", "strategy"),
                Arguments.of("replicator", replicator, "pollInterval", "\"fast\"", "pollInterval"),
                Arguments.of("replicator", replicator, "snapshotInterval", "\"-1s\"", "snapshotInterval"),
                Arguments.of("replicator", replicator, "consistencyWindowRevs", "0", "consistencyWindowRevs"),
                Arguments.of("replicator", replicator, "journalSizeLimitBytes", "-1", "journalSizeLimitBytes"),
                Arguments.of("replicator", replicator, "server.connector.port", "-3", "port"),
                Arguments.of("replicator", replicator, "dataDir", "\"\"", "dataDir"),
                Arguments.of("api", api, "readPool.size", "-1", "size"),
                Arguments.of("api", api, "maxReplicaAge", "\"whenever\"", "maxReplicaAge"),
                Arguments.of("api", api, "live.maxIncomingMessageSize", "\"lots\"", "maxIncomingMessageSize"),
                Arguments.of("api", api, "live.pollInterval", "\"0.5 parsecs\"", "pollInterval"),
                Arguments.of("api", api, "server.applicationConnectors.0.port", "123456", "port"),
                Arguments.of("api", api, "corsAllowedOrigin", "[\"*\"]", "corsAllowedOrigin"));
    }

    @ParameterizedTest(name = "{0}: {2} = {3}")
    @MethodSource("invalidValues")
    void startupRefusesAnInvalidValueAndNamesTheKey(String module, Supplier<Application<?>> app, String path,
                                                     String value, String key) throws Exception {
        ObjectNode config = (ObjectNode) YAML.readTree(ServiceRoot.path(module + "/config.yml").toFile());
        if (SHIPPED_CONFIG_CHECKED.add(module)) {
            Path valid = dir.resolve(module + "-valid.yml");
            Files.writeString(valid, YAML.writeValueAsString(config));
            assertThat(ConfigCheck.run(app.get(), valid).passed()).as("the shipped %s/config.yml passes check", module)
                    .isTrue();
        }

        set(config, path, YAML.readTree(value));
        Path invalid = dir.resolve(module + "-invalid.yml");
        Files.writeString(invalid, YAML.writeValueAsString(config));
        ConfigCheck.Outcome outcome = ConfigCheck.run(app.get(), invalid);
        assertThat(outcome.passed()).as("check accepted %s = %s", path, value).isFalse();
        assertThat(outcome.output()).as("the refusal names the key").contains(key);
    }

    @org.junit.jupiter.api.Test
    void collectorCheckRefusesAnUnknownMarketTypeNamingTheKey() throws Exception {
        startupRefusesAnInvalidValueAndNamesTheKey("collector", CollectorApplication::new, "exchanges.kraken-futures",
                "{\"restUrl\": \"https://example.com\", \"symbols\": [\"BTCUSDT\"]}", "exchanges: keys must be");
    }

    /** Sets a dotted path ({@code exchanges.binance-futures.klines.historyDays}); numeric segments index arrays; creates objects. */
    private static void set(ObjectNode root, String path, JsonNode value) {
        String[] parts = path.split("\\.");
        JsonNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            node = parts[i].matches("\\d+") ? node.get(Integer.parseInt(parts[i])) : node.get(parts[i]);
            if (node == null) {
                throw new IllegalArgumentException("no " + parts[i] + " in " + path);
            }
        }
        String last = parts[parts.length - 1];
        ((ObjectNode) node).set(last, value);
    }

    /** Finds files relative to the repository root whatever the working directory. */
    static final class ServiceRoot {
        static Path path(String relative) {
            return RepoRoot.find().resolve(relative);
        }
    }
}
