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
import java.util.concurrent.atomic.AtomicInteger;

/** A service started from its packaged jar ({@code <module>/target/<module>.jar}) as its own process. */
public final class ServiceJar implements AutoCloseable {

    /** Listening ports come from [20000, 32000), below Linux's ephemeral range: {@link #freePort()}. */
    private static final int LOW_PORT_BASE = 20_000;
    private static final int LOW_PORTS = 12_000;
    private static final AtomicInteger NEXT_PORT =
            new AtomicInteger((int) (ProcessHandle.current().pid() * 97 % LOW_PORTS));

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

    /**
     * A port free now, for a service that binds it seconds later (a JVM starting, the API after its
     * warm-up). Taken below the kernel's ephemeral range (32768-60999 on Linux): a port the kernel
     * hands out ({@code new ServerSocket(0)}) is also what it gives the outgoing connections of
     * the services starting meanwhile (a collector's REST and WebSocket clients, its /readers
     * polls), and one of them holding it when the service binds makes that service, and with it
     * the stack, exit. Each call moves on (never the same port twice in a JVM); the start depends
     * on the pid so that two test JVMs rarely walk the same ports.
     */
    public static int freePort() {
        for (int tries = 0; tries < LOW_PORTS; tries++) {
            int port = LOW_PORT_BASE + Math.floorMod(NEXT_PORT.getAndIncrement(), LOW_PORTS);
            try (ServerSocket s = new ServerSocket(port)) {
                return s.getLocalPort();
            } catch (IOException inUse) {
                // taken by something else: the next one
            }
        }
        throw new IllegalStateException("no free port in " + LOW_PORT_BASE + "-" + (LOW_PORT_BASE + LOW_PORTS));
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
