package io.cryptoflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptoflow.common.RepoRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A clean {@code docker compose stop} under write load leaves api.db equal to collector.db, table
 * by table. Each round starts the stack (docker-compose.yml plus the simulator of
 * e2e/compose/simulator.yml, volumes kept from the round before: the collector resumes its 7-day
 * backfill and the simulator's live trades), waits until the replicator has copied a revision the
 * collector wrote in this round, stops the whole project at a random moment, copies collector.db
 * and api.db (with their WAL) out of the stopped containers with {@code docker cp} and compares
 * every row. Compose stops the collector before the replicator (docker-compose.yml: the collector
 * depends on it), whose last cycle applies the final revision. The issue asks for 20 stops:
 * {@code -Dcryptoflow.composeCleanStops=20}; CI runs {@value #DEFAULT_STOPS}.
 *
 * <p>Docker as for {@link ComposeStackIT}: skipped without an engine unless {@code CRYPTOFLOW_REQUIRE_DOCKER=1}.
 */
class ComposeCleanStopIT {

    private static final int DEFAULT_STOPS = 2;
    private static final List<String> FILES = List.of("docker-compose.yml", "e2e/compose/simulator.yml");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ComposeProject stack;
    private static String skipReason;
    /** Under target/, not a @TempDir: the rounds' copies stay for a look after a failure. */
    private static Path work;

    @BeforeAll
    static void dockerOrSkip() throws Exception {
        Path root = RepoRoot.find();
        ComposeProject.Choice compose = ComposeProject.composeOrSkip("ComposeCleanStopIT", root);
        skipReason = compose.skipReason();
        if (skipReason != null) {
            return;
        }
        work = Files.createDirectories(root.resolve("e2e/target/compose-clean-stop-it"));
        Map<String, String> env = new LinkedHashMap<>();
        env.put("COMPOSE_PROJECT_NAME", "cryptoflowstopit" + ProcessHandle.current().pid());
        env.put("API_PORT", Integer.toString(FreePorts.next()));
        env.put("CRYPTOFLOW_IMAGE_BUILD", "prebuilt");
        // A week of history: the backfill keeps the collector writing through the first rounds.
        env.put("CRYPTOFLOW_HISTORY_DAYS", "7");
        stack = new ComposeProject(compose.command(), root, FILES, env);
    }

    @AfterAll
    static void tearDown() {
        if (stack != null) {
            stack.compose("down", "--volumes", "--remove-orphans");
        }
    }

    @Test
    void everyTableOfApiDbEqualsCollectorDbAfterEachComposeStop() throws Exception {
        Assumptions.assumeTrue(skipReason == null, skipReason);
        int stops = Integer.getInteger("cryptoflow.composeCleanStops", DEFAULT_STOPS);
        long started = System.nanoTime();
        stack.compose("build");
        Random random = new Random();
        long revAtLastStop = 0;
        Map<Integer, Map<String, String>> failed = new LinkedHashMap<>();
        for (int round = 1; round <= stops; round++) {
            long roundStart = System.nanoTime();
            stack.compose("up", "-d");
            long floor = revAtLastStop;
            long copied = awaitReplicatedPast(floor, Duration.ofMinutes(4));
            int waitMs = random.nextInt(4_000); // somewhere in the collector's writes
            Thread.sleep(waitMs);
            stack.compose("stop");
            Path copy = work.resolve("round-" + round);
            long rev = copyDatabasesOut(copy);
            Map<String, String> diff = TablesCompared.differences(copy.resolve("collector.db"), copy.resolve("api.db"));
            System.out.printf("[compose clean stop %d/%d] collector.db rev %d -> %d this round (api.db had copied %d when the"
                            + " %d ms wait began), %.0f s: %s%n", round, stops, revAtLastStop, rev, copied, waitMs,
                    (System.nanoTime() - roundStart) / 1e9, diff.isEmpty() ? "api.db equals collector.db" : diff);
            assertThat(rev).as("the collector wrote during round " + round).isGreaterThan(revAtLastStop);
            if (!diff.isEmpty()) {
                failed.put(round, diff);
            }
            revAtLastStop = rev;
        }
        System.out.printf("[compose clean stop] %d rounds in %.0f s, %d with a difference%n", stops,
                (System.nanoTime() - started) / 1e9, failed.size());
        assertThat(failed).as("stops after which api.db differed from collector.db").isEmpty();
    }

    /** Waits until the replicator's /status shows a source revision above {@code floor}; returns it. */
    private static long awaitReplicatedPast(long floor, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String id = stack.containerId("replicator");
            if (!id.isEmpty()) {
                ComposeProject.Output out = stack.dockerQuiet("exec", id, "curl", "-fsS", "http://127.0.0.1:3003/status");
                if (out.exitCode() == 0) {
                    try {
                        JsonNode status = JSON.readTree(out.text());
                        long sourceRev = status.path("sourceRev").asLong();
                        if (sourceRev > floor) {
                            return sourceRev;
                        }
                    } catch (java.io.IOException notJsonYet) {
                        // starting up: try again
                    }
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the replicator did not copy past rev " + floor + " within " + timeout);
    }

    /**
     * Copies collector.db and api.db with their WAL (committed transactions of a stopped writer)
     * out of the stopped collector's container (the data volume is shared) and folds each WAL into
     * its file; returns collector.db's revision.
     */
    private static long copyDatabasesOut(Path dir) throws Exception {
        Files.createDirectories(dir);
        String container = stack.containerId("collector");
        for (String db : List.of("collector.db", "api.db")) {
            for (String suffix : List.of("-wal", "-shm")) {
                Files.deleteIfExists(dir.resolve(db + suffix));
            }
            stack.docker("cp", container + ":/data/" + db, dir.resolve(db).toString());
            stack.dockerQuiet("cp", container + ":/data/" + db + "-wal", dir.resolve(db + "-wal").toString());
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(db));
                 Statement s = c.createStatement()) {
                s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
        }
        return CollectorDbCopy.read(dir.resolve("collector.db")).rev();
    }
}
