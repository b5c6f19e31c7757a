package io.cryptoflow.e2e.fault;

import io.cryptoflow.common.RepoRoot;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A service started from its packaged jar ({@code <module>/target/<module>.jar}) as its own process. */
public final class ServiceJar implements AutoCloseable {

    /** Generous: on a busy 2-core machine a Dropwizard JVM can take a minute to open its port. */
    public static final Duration STARTUP = Duration.ofSeconds(240);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final Process process;
    private final Path log;

    private ServiceJar(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    public static ServiceJar start(Path root, String module, Path config, Map<String, String> env, Path log) throws IOException {
        Path jar = root.resolve(module + "/target/" + module + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " missing: run through `mvn verify` (failsafe runs after package)");
        }
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-jar", jar.toString(), "server", config.toString())
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        return new ServiceJar(pb.start(), log);
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path repoRoot() {
        return RepoRoot.find();
    }

    Process process() {
        return process;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    /** 200 from {@code url} within the timeout, or fails naming the log. */
    public void awaitOk(String url, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("process exited with " + process.exitValue() + " before " + url + " answered; see " + log);
            }
            if (status(url) == 200) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(url + " did not answer 200 within " + timeout + "; see " + log);
    }

    static int status(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    static String body(String url) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** SIGKILL: no shutdown hook, no Managed.stop, no last commit. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("pid " + process.pid() + " survived SIGKILL");
        }
    }

    /** SIGTERM and wait for a clean exit. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    boolean waitForExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public String logText() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor();
        }
    }

    public static List<String> exchangeEnvNames() {
        return List.of("BINANCE_FUTURES_REST_URL", "BINANCE_SPOT_REST_URL", "BYBIT_REST_URL", "BITGET_REST_URL",
                "BINANCE_ARCHIVE_URL", "BYBIT_ARCHIVE_URL");
    }
}
