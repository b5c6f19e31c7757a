package io.cryptoflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cryptoflow.common.RepoRoot;
import io.cryptoflow.simulator.ExchangeSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A clean stop of {@code bin/cryptoflow up} under write load leaves api.db equal to collector.db,
 * table by table: each round starts the stack on a fresh data directory (a 7-day backfill from the
 * simulator plus its live streams keep the collector writing), sends SIGTERM at a random moment
 * once the replicator has copied something, and compares every row. The issue asks for 20 stops:
 * {@code -Dcryptoflow.cleanStops=20}; CI runs {@value #DEFAULT_STOPS} (about 15 s each).
 */
class LauncherCleanStopIT {

    private static final int DEFAULT_STOPS = 5;

    /** Under target/, not a @TempDir: the rounds' data dirs stay for a look after a failure. */
    private final Path dir = RepoRoot.find().resolve("e2e/target/clean-stop-it");

    private ExchangeSimulator exchange;
    private Process stack;

    @AfterEach
    void stopEverything() throws Exception {
        if (stack != null && stack.isAlive()) {
            stack.destroy();
            stack.waitFor(120, TimeUnit.SECONDS);
        }
        if (exchange != null) {
            exchange.close();
        }
    }

    @Test
    void everyTableOfApiDbEqualsCollectorDbAfterEachStop() throws Exception {
        int stops = Integer.getInteger("cryptoflow.cleanStops", DEFAULT_STOPS);
        exchange = ExchangeSimulator.builder().build().start();
        Path root = RepoRoot.find();
        Random random = new Random();
        Map<Integer, Map<String, String>> failed = new LinkedHashMap<>();
        for (int round = 1; round <= stops; round++) {
            Path data = dir.resolve("data-" + round);
            if (Files.exists(data)) {
                try (var old = Files.walk(data)) {
                    old.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            Files.createDirectories(data);
            Path log = root.resolve("e2e/target/clean-stop-it-" + round + ".log");
            ProcessBuilder pb = new ProcessBuilder(root.resolve("bin/cryptoflow").toString(), "up")
                    .directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> env = pb.environment();
            env.put("CRYPTOFLOW_SKIP_BUILD", "1");
            env.put("CRYPTOFLOW_DATA_DIR", data.toString());
            env.put("CRYPTOFLOW_HISTORY_DAYS", "7");
            env.put("LITESTREAM_BIN", "/nonexistent"); // the launcher then looks in .tools/ and PATH
            for (String port : new String[] {"API_PORT", "API_ADMIN_PORT", "COLLECTOR_PORT", "REPLICATOR_PORT"}) {
                env.put(port, Integer.toString(FreePorts.next()));
            }
            LauncherStackIT.pointEveryExchangeAt(env, exchange.baseUrl());
            stack = pb.start();
            Process running = stack;
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
                assertThat(running.isAlive()).as(() -> "stack running, see " + log + ", which ends:\n" + tail(log)).isTrue();
                return io.cryptoflow.e2e.fault.DbContent.replicaSourceRev(data.resolve("api.db")) > 0;
            });
            Thread.sleep(random.nextInt(4_000)); // somewhere in the backfill's writes
            stack.destroy();
            assertThat(stack.waitFor(120, TimeUnit.SECONDS)).as("launcher stopped, see " + log).isTrue();
            Map<String, String> diff = TablesCompared.differences(data.resolve("collector.db"), data.resolve("api.db"));
            System.out.printf("[clean stop %d/%d] %s%n", round, stops, diff.isEmpty() ? "api.db equals collector.db" : diff);
            if (!diff.isEmpty()) {
                failed.put(round, diff);
            }
        }
        assertThat(failed).as("stops after which api.db differed from collector.db").isEmpty();
    }

    /** The launcher's last lines, in the failure message: CI keeps the report, not target/. */
    private static String tail(Path log) {
        try {
            var lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
