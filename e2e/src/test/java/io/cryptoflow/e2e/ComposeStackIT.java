package io.cryptoflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptoflow.collector.backup.S3ProxyProcess;
import io.cryptoflow.common.RepoRoot;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml run for real: the image built from the jars of this build
 * ({@code CRYPTOFLOW_IMAGE_BUILD=prebuilt}), the exchange simulator added by
 * e2e/compose/simulator.yml, then the three things the stack must survive: all services healthy
 * with candles on the published port; a SIGKILL of the collector's java process (restarted by the
 * restart policy, no committed candle lost); the data volume AND the backup volume removed with the
 * exchange unreachable (collector.db restored from the S3 replica, S3Proxy on the host reached through
 * the host gateway (e2e/compose/s3.yml), all but Litestream's last second, and the stack healthy
 * again once the exchange is back, api.db rebuilt by the replicator).
 *
 * <p>Needs a Docker engine and docker compose v2 or docker-compose 1.29 ({@code .ci/docker-setup}
 * installs and starts them, and makes the base images). Without one it is skipped, unless
 * {@code CRYPTOFLOW_REQUIRE_DOCKER=1} (CI) makes that a failure. {@code CRYPTOFLOW_KEEP_STACK=1}
 * leaves the stack and its volumes up afterwards for a look.
 */
class ComposeStackIT {

    private static final List<String> SERVICES = List.of("simulator", "collector", "replicator", "api", "litestream");
    private static final Pattern WRITER_STARTED = Pattern.compile("writer started on /data/collector\\.db at rev (\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Litestream's sync-interval (litestream.yml) plus a second of scheduling slack on a busy 2-core box. */
    private static final long MAX_LOST_WINDOW_MS = 2_000;
    private static final String BUCKET = "cryptoflow-backup";
    private static final List<String> FILES = List.of("docker-compose.yml", "e2e/compose/simulator.yml", "e2e/compose/s3.yml");

    private static ComposeProject stack;
    private static int apiPort;
    private static Path work;
    private static S3ProxyProcess s3;
    private static boolean passed;
    private static String skipReason;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void dockerOrSkip() throws Exception {
        Path root = RepoRoot.find();
        ComposeProject.Choice compose = ComposeProject.composeOrSkip("ComposeStackIT", root);
        skipReason = compose.skipReason();
        if (skipReason != null) {
            return;
        }
        apiPort = FreePorts.next();
        work = Files.createDirectories(root.resolve("e2e/target/compose-it"));
        Map<String, String> env = new LinkedHashMap<>();
        // Letters and digits only: docker-compose 1.29 and Compose v2 normalise project names differently.
        env.put("COMPOSE_PROJECT_NAME", "cryptoflowit" + ProcessHandle.current().pid());
        env.put("API_PORT", Integer.toString(apiPort));
        env.put("CRYPTOFLOW_IMAGE_BUILD", "prebuilt");
        // The backup's object store on the host, on all interfaces: the containers reach it through the host gateway.
        assertThat(S3ProxyProcess.jar()).as("copied by maven-dependency-plugin before the ITs").exists();
        int s3Port = FreePorts.next();
        s3 = new S3ProxyProcess(Files.createDirectories(work.resolve("s3-" + ProcessHandle.current().pid())), s3Port, "0.0.0.0");
        s3.start();
        s3.createBucket(BUCKET);
        s3.putBackupEnv(env, BUCKET, "cryptoflow/collector", "http://host.docker.internal:" + s3Port);
        stack = new ComposeProject(compose.command(), root, FILES, env);
    }

    @BeforeEach
    void skipWithoutDocker() {
        // Here rather than in @BeforeAll, so that the report counts the test as skipped, not absent.
        Assumptions.assumeTrue(skipReason == null, skipReason);
    }

    @AfterAll
    static void tearDown() throws InterruptedException {
        if (s3 != null && !"1".equals(System.getenv("CRYPTOFLOW_KEEP_STACK"))) {
            s3.close();
        }
        if (stack == null) {
            return;
        }
        if (!passed) {
            stack.echoed(composeCmd("ps"), Duration.ofMinutes(1), true);
            stack.echoed(composeCmd("logs", "--no-color", "--tail", "60"), Duration.ofMinutes(1), true);
        }
        if ("1".equals(System.getenv("CRYPTOFLOW_KEEP_STACK"))) {
            System.out.println("[ComposeStackIT] CRYPTOFLOW_KEEP_STACK=1: project " + stack.project() + " left running");
            return;
        }
        stack.echoed(composeCmd("down", "--volumes", "--remove-orphans"), Duration.ofMinutes(3), true);
    }

    @Test
    void stackIsHealthyRestartsAKilledCollectorAndRestoresALostDataVolume() throws Exception {
        checkConfig();
        phase("build the image from this build's jars (no network inside the build)");
        stack.compose("build");

        phase("up: the stack plus the exchange simulator");
        stack.compose("up", "-d", "simulator");
        stack.compose("up", "-d");
        awaitHealthy(SERVICES, Duration.ofMinutes(4));
        assertThat(stack.inspect("restore", "{{.State.Status}} {{.State.ExitCode}}")).isEqualTo("exited 0");
        servesCandles();

        killCollectorAndSeeItRestarted();
        loseTheDataVolumeAndRestore();
        passed = true;
        phase("PASSED: healthy stack, SIGKILL restart without loss, restore from the S3 replica");
    }

    /** `config` with the compose that runs the test, and with the other major version where there is one. */
    private void checkConfig() {
        phase("compose file accepted by docker-compose 1.29 and Compose v2");
        boolean runnerIsV1 = stack.compose("version", "--short").trim().startsWith("1.");
        stack.compose("config", "-q");
        Optional<List<String>> other = runnerIsV1 ? ComposeProject.detectComposeV2()
                : ComposeProject.detectComposeV1();
        if (other.isPresent()) {
            stack.composeWith(other.get(), "version", "--short");
            stack.composeWith(other.get(), "config", "-q");
        } else {
            System.out.println(runnerIsV1
                    ? "Compose v2 is not installed here (no `docker compose`, CRYPTOFLOW_COMPOSE_V2 unset): `docker compose config` not run"
                    : "docker-compose 1.29 is not installed here: only Compose v2 checked the file");
        }
    }

    private void servesCandles() throws Exception {
        JsonNode page = get("/api/candles?symbol=btcusdt&exchange=binance&tf=15&limit=3");
        assertThat(page.get("candles").size()).isEqualTo(3);
        System.out.printf("GET http://127.0.0.1:%d/api/candles?symbol=btcusdt&exchange=binance&tf=15&limit=3 -> %d candles,"
                + " newest %s%n", apiPort, page.get("candles").size(), page.get("candles").get(2).get("time"));
    }

    private void killCollectorAndSeeItRestarted() throws Exception {
        phase("SIGKILL of the collector's java process (PID 1 of its container)");
        JsonNode health = get("/api/health");
        long revSeen = health.at("/collector/rev").asLong();
        Map<String, Long> rowsSeen = tableRows(health);
        Set<Long> hourCandles = candleTimes("/api/candles?symbol=btcusdt&exchange=binance&tf=60&limit=5000");
        String restarts = stack.inspect("collector", "{{.RestartCount}}");
        String pid = stack.inspect("collector", "{{.State.Pid}}");
        System.out.printf("before: api.db at collector rev %d, rows %s; collector pid %s, restarts %s%n",
                revSeen, rowsSeen, pid, restarts);
        // From the host, as the OOM killer or a crash would: `docker kill` counts as a manual stop,
        // which the restart policy rightly leaves stopped, and PID 1 ignores a SIGKILL sent from
        // inside its own container.
        ComposeProject.Output kill = stack.echoed(List.of("kill", "-KILL", pid), Duration.ofSeconds(10), false);
        if (kill.exitCode() != 0) {
            // Not root here (or the engine's host is another machine): the same signal from a
            // container in the host's PID namespace, running as the collector's own uid.
            kill = stack.echoed(List.of("docker", "run", "--rm", "--pid=host", "--entrypoint", "sh", "cryptoflow:latest",
                    "-c", "kill -KILL " + pid), Duration.ofMinutes(1), false);
        }
        assertThat(kill.exitCode()).as("SIGKILL of the collector's java process").isZero();

        await("collector restarted by its restart policy and healthy", Duration.ofMinutes(3), () ->
                !stack.inspect("collector", "{{.RestartCount}}").equals(restarts)
                        && "healthy".equals(stack.inspect("collector", "{{if .State.Health}}{{.State.Health.Status}}{{end}}")));
        System.out.printf("after: collector pid %s, restarts %s, %s%n", stack.inspect("collector", "{{.State.Pid}}"),
                stack.inspect("collector", "{{.RestartCount}}"), stack.inspect("collector", "{{.State.Health.Status}}"));
        long restartedAt = lastWriterStartRev();
        System.out.printf("the restarted collector's writer opened collector.db at rev %d (api.db had shown rev %d)%n",
                restartedAt, revSeen);
        assertThat(restartedAt).as("every revision committed before the SIGKILL survives it").isGreaterThanOrEqualTo(revSeen);

        awaitApi("api.db caught up with the restarted collector", () -> {
            JsonNode h = get("/api/health");
            return h.at("/replica/sourceRev").asLong() > restartedAt && h.at("/replica/lagMs").asLong() < 5_000;
        });
        Map<String, Long> rowsAfter = tableRows(get("/api/health"));
        Set<Long> hourAfter = candleTimes("/api/candles?symbol=btcusdt&exchange=binance&tf=60&limit=5000");
        System.out.printf("rows before %s, after %s; BINANCE:BTCUSDT 1h candles before %d, after %d%n",
                rowsSeen, rowsAfter, hourCandles.size(), hourAfter.size());
        rowsSeen.forEach((table, n) -> assertThat(rowsAfter.get(table)).as(table + " rows after the restart").isGreaterThanOrEqualTo(n));
        assertThat(hourAfter).as("every 1h candle served before the SIGKILL is still served").containsAll(hourCandles);
        servesCandles();
    }

    private void loseTheDataVolumeAndRestore() throws Exception {
        phase("restore drill: exchange unreachable, data and backup volumes removed, collector.db from S3");
        assertThat(snapshotsIn(s3.bucketDir(BUCKET))).as("snapshots of collector.db in S3Proxy's bucket").isPositive();
        stack.compose("stop", "simulator");
        Thread.sleep(3_000); // more than Litestream's 1 s sync-interval: everything written is replicated
        stack.compose("stop");
        String collector = stack.containerId("collector");
        CollectorDbCopy before = CollectorDbCopy.take(stack, collector, work.resolve("before"));
        System.out.println("collector.db when the stack stopped: " + before);
        stack.compose("down");
        // Both volumes go: the S3 replica is the only backup left.
        stack.docker("volume", "rm", stack.project() + "_cryptoflow-data", stack.project() + "_cryptoflow-backup");
        stack.docker("volume", "ls", "--filter", "name=" + stack.project());

        stack.compose("up", "-d", "restore");
        await("restore finished", Duration.ofMinutes(2), () -> stack.inspect("restore", "{{.State.Status}}").equals("exited"));
        String restoreLog = stack.compose("logs", "--no-color", "restore");
        assertThat(stack.inspect("restore", "{{.State.ExitCode}}")).as("restore exit code; its log:%n%s", restoreLog).isEqualTo("0");
        assertThat(restoreLog).contains("replica=s3", "replicates consistently", "restored /data/collector.db");
        CollectorDbCopy restored = CollectorDbCopy.take(stack, stack.containerId("restore"), work.resolve("restored"));
        System.out.println("collector.db restored from the replica:  " + restored);
        compareRestored(before, restored);

        phase("the collector opens the restored collector.db (exchange still unreachable)");
        stack.compose("up", "-d", "--no-deps", "collector");
        await("collector's writer started", Duration.ofMinutes(2), () -> lastWriterStartRevOrMinus1() >= 0);
        assertThat(lastWriterStartRev()).isEqualTo(restored.rev());
        stack.docker("exec", stack.containerId("collector"), "sh", "-c", "id; ls -ln /data");

        phase("exchange back: the stack comes up, the replicator rebuilds api.db");
        stack.compose("up", "-d", "simulator");
        await("collector healthy again", Duration.ofMinutes(4), () ->
                "healthy".equals(stack.inspect("collector", "{{if .State.Health}}{{.State.Health.Status}}{{end}}")));
        stack.compose("up", "-d");
        awaitHealthy(SERVICES, Duration.ofMinutes(4));
        JsonNode health = get("/api/health");
        Map<String, Long> rows = tableRows(health);
        System.out.printf("api.db rebuilt: replica at rev %d (restored collector.db was at rev %d), rows %s%n",
                health.at("/replica/sourceRev").asLong(), restored.rev(), rows);
        assertThat(health.at("/replica/sourceRev").asLong()).isGreaterThanOrEqualTo(restored.rev());
        restored.rows().forEach((table, n) -> {
            if (rows.containsKey(table)) {
                assertThat(rows.get(table)).as(table + " rows in the rebuilt api.db").isGreaterThanOrEqualTo(n);
            }
        });
        servesCandles();
    }

    private static long snapshotsIn(Path bucket) throws java.io.IOException {
        if (!Files.isDirectory(bucket)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(bucket)) {
            return files.filter(p -> p.toString().endsWith(".snapshot.lz4")).count();
        }
    }

    private static void compareRestored(CollectorDbCopy before, CollectorDbCopy restored) throws Exception {
        Map<String, long[]> diff = before.compareWithRestored(restored);
        System.out.printf("%-13s %10s %10s %14s %10s%n", "table", "before", "restored", "rows differing", "newer");
        diff.forEach((t, d) -> System.out.printf("%-13s %10d %10d %14d %10d%n",
                t, before.rows().get(t), restored.rows().get(t), d[0], d[1]));
        long window = before.committedAt() - restored.committedAt();
        System.out.printf("restored rev %d of %d; the revisions not restored span the last %d ms before the stop%n",
                restored.rev(), before.rev(), window);
        diff.forEach((t, d) -> assertThat(d[0]).as(t + ": rows up to the restored revision are identical").isZero());
        assertThat(restored.rev()).isLessThanOrEqualTo(before.rev());
        assertThat(window).as("only Litestream's last sync interval may be lost").isLessThanOrEqualTo(MAX_LOST_WINDOW_MS);
    }

    private long lastWriterStartRev() {
        long rev = lastWriterStartRevOrMinus1();
        assertThat(rev).as("the collector logged 'writer started ... at rev N'").isNotNegative();
        return rev;
    }

    private long lastWriterStartRevOrMinus1() {
        String id = stack.containerId("collector");
        if (id.isEmpty()) {
            return -1;
        }
        Matcher m = WRITER_STARTED.matcher(stack.dockerQuiet("logs", id).text());
        long rev = -1;
        while (m.find()) {
            rev = Long.parseLong(m.group(1));
        }
        return rev;
    }

    private static void awaitHealthy(List<String> services, Duration timeout) throws InterruptedException {
        await("all services healthy", timeout, () -> {
            Map<String, String> states = stack.states();
            return services.stream().allMatch(s -> String.valueOf(states.get(s)).startsWith("running healthy"));
        });
        System.out.printf("%-11s %-8s %-9s %s%n", "SERVICE", "STATE", "HEALTH", "RESTARTS");
        stack.states().forEach((service, state) -> {
            String[] st = state.split(" ");
            System.out.printf("%-11s %-8s %-9s %s%n", service, st[0], st[1], st[2]);
        });
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for: " + what);
            }
            Thread.sleep(2_000);
        }
        System.out.printf("... %s after %.1f s%n", what, (System.nanoTime() - start) / 1e9);
    }

    private void awaitApi(String what, CheckedCondition condition) throws InterruptedException {
        await(what, Duration.ofMinutes(2), () -> {
            try {
                return condition.test();
            } catch (Exception e) {
                return false;
            }
        });
    }

    private interface CheckedCondition {
        boolean test() throws Exception;
    }

    private static Map<String, Long> tableRows(JsonNode health) {
        Map<String, Long> rows = new LinkedHashMap<>();
        health.get("tables").properties().forEach(e -> rows.put(e.getKey(), e.getValue().asLong()));
        return rows;
    }

    private Set<Long> candleTimes(String path) throws Exception {
        Set<Long> times = new TreeSet<>();
        for (JsonNode c : get(path).get("candles")) {
            if (c.get("closed").asBoolean()) {
                times.add(c.get("time").asLong());
            }
        }
        return times;
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET " + path + ": " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static List<String> composeCmd(String... args) {
        List<String> cmd = new ArrayList<>(stack.composeCommand());
        FILES.forEach(f -> cmd.addAll(List.of("-f", f)));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static void phase(String name) {
        System.out.println();
        System.out.println("== [compose] " + name);
    }
}
