package io.cryptoflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptoflow.collector.backup.LitestreamBinary;
import io.cryptoflow.collector.backup.S3ProxyProcess;
import io.cryptoflow.common.RepoRoot;
import io.cryptoflow.e2e.fault.DbContent;
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
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backup's "must show" on bare metal: {@code bin/cryptoflow up} replicating collector.db to
 * S3Proxy (litestream-s3.yml); the stack stopped, a copy of collector.db taken, and the whole data
 * directory deleted (the local file replica with it, so only S3 holds the backup); then
 * {@code bin/cryptoflow restore} and {@code up} again with the exchange unreachable: collector.db
 * and api.db hold every candle of the copy, row by row, and nothing newer (nothing was refetched).
 */
class LauncherRestoreS3IT {

    private static final String BUCKET = "cryptoflow-backup";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Path root = RepoRoot.find();
    private S3ProxyProcess s3;
    private ExchangeSimulator exchange;
    private Process stack;

    @AfterEach
    void stopEverything() throws Exception {
        stop(stack);
        if (exchange != null) {
            exchange.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void restoreFromS3BringsBackEveryCandleWithTheExchangeUnreachable() throws Exception {
        Path litestream = LitestreamBinary.required();
        assertThat(S3ProxyProcess.jar()).as("copied by maven-dependency-plugin before the ITs").exists();
        s3 = new S3ProxyProcess(dir.resolve("s3"), FreePorts.next());
        s3.start();
        s3.createBucket(BUCKET);
        exchange = ExchangeSimulator.builder().clock(Clock.fixed(Instant.now(), ZoneOffset.UTC)).build().start();
        Path data = dir.resolve("data");
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("CRYPTOFLOW_SKIP_BUILD", "1");
        env.put("CRYPTOFLOW_DATA_DIR", data.toString());
        env.put("CRYPTOFLOW_HISTORY_DAYS", "7");
        env.put("LITESTREAM_BIN", litestream.toString());
        int apiPort = FreePorts.next();
        env.put("API_PORT", Integer.toString(apiPort));
        for (String port : new String[] {"API_ADMIN_PORT", "COLLECTOR_PORT", "REPLICATOR_PORT"}) {
            env.put(port, Integer.toString(FreePorts.next()));
        }
        s3.putBackupEnv(env, BUCKET, "cryptoflow/collector");
        LauncherStackIT.pointEveryExchangeAt(env, exchange.baseUrl());
        String page = "http://127.0.0.1:" + apiPort + "/api/candles?symbol=btcusdt&tf=60&limit=24";

        stack = launch(env, "up", "restore-s3-it-up1.log");
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> alive(stack) ? getJson(page) : null, b -> b != null && b.path("candles").size() == 24);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> snapshotsIn(s3.bucketDir(BUCKET)) > 0);
        stop(stack);
        assertThat(LeftoverProcesses.using(data)).as("processes left running after the launcher stopped").isEmpty();
        Path copy = Files.createDirectories(dir.resolve("before"));
        for (String f : new String[] {"collector.db", "collector.db-wal"}) {
            if (Files.exists(data.resolve(f))) {
                Files.copy(data.resolve(f), copy.resolve(f));
            }
        }
        DbContent held = DbContent.read(copy.resolve("collector.db"));
        assertThat(held.rows()).isNotEmpty();

        deleteTree(data);
        exchange.close();
        exchange = null;
        // Nothing listens there: any refetch would fail, and a restored candle cannot come from it.
        LauncherStackIT.pointEveryExchangeAt(env, "http://127.0.0.1:" + FreePorts.next());

        Process restore = launch(env, "restore", "restore-s3-it-restore.log");
        assertThat(restore.waitFor(180, TimeUnit.SECONDS)).as("restore finished").isTrue();
        String restoreLog = Files.readString(root.resolve("e2e/target/restore-s3-it-restore.log"));
        assertThat(restore.exitValue()).as(restoreLog).isZero();
        assertThat(restoreLog).contains("replicates consistently", "restored");
        // bin/cryptoflow stops Litestream last: its shutdown sync holds the collector's final commit.
        DbContent restored = DbContent.read(data.resolve("collector.db"));
        assertThat(restored.stateRev()).isEqualTo(held.stateRev());
        assertThat(restored.rows()).isEqualTo(held.rows());

        stack = launch(env, "up", "restore-s3-it-up2.log");
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> alive(stack) ? getJson(page) : null, b -> b != null && b.path("candles").size() == 24);
        stop(stack);
        assertThat(DbContent.read(data.resolve("collector.db")).rows()).as("collector.db after the restart")
                .isEqualTo(held.rows());
        assertThat(DbContent.read(data.resolve("api.db")).rows()).as("api.db after the restart").isEqualTo(held.rows());
    }

    private Process launch(Map<String, String> env, String command, String logName) throws IOException {
        Path log = root.resolve("e2e/target/" + logName);
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder(root.resolve("bin/cryptoflow").toString(), command)
                .directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        return pb.start();
    }

    /** SIGTERM to the launcher, which stops the services in the clean order. */
    private static void stop(Process p) throws InterruptedException {
        if (p != null && p.isAlive()) {
            p.destroy();
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the launcher stopped").isTrue();
        }
    }

    private static boolean alive(Process p) {
        assertThat(p.isAlive()).as("stack still running (see e2e/target/restore-s3-it-*.log)").isTrue();
        return true;
    }

    private static long snapshotsIn(Path bucket) throws IOException {
        if (!Files.isDirectory(bucket)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(bucket)) {
            return files.filter(p -> p.toString().endsWith(".snapshot.lz4")).count();
        }
    }

    private static void deleteTree(Path tree) throws IOException {
        try (Stream<Path> files = Files.walk(tree)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
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
