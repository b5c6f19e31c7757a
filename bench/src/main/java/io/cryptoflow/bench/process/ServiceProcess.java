package io.cryptoflow.bench.process;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One CryptoFlow service started from its real jar with its default {@code config.yml}, configured
 * only through the documented environment variables, logging to a file.
 */
public final class ServiceProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;

    private ServiceProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** {@code java [jvmArgs] -jar <module>/target/<module>.jar server <module>/config.yml}. */
    public static ServiceProcess start(Path repoRoot, String module, Map<String, String> env, Path logDir,
                                       List<String> jvmArgs) throws IOException {
        return start(repoRoot, module, env, logDir, jvmArgs, 0);
    }

    /** As above, under {@code nice -n niceness} when niceness is not 0 (bin/cryptoflow's priorities). */
    public static ServiceProcess start(Path repoRoot, String module, Map<String, String> env, Path logDir,
                                       List<String> jvmArgs, int niceness) throws IOException {
        Path jar = jar(repoRoot, module);
        List<String> command = new ArrayList<>();
        if (niceness != 0) {
            command.addAll(List.of("nice", "-n", Integer.toString(niceness)));
        }
        command.add(javaBinary());
        command.addAll(jvmArgs);
        command.addAll(List.of("-jar", jar.toString(), "server", repoRoot.resolve(module).resolve("config.yml").toString()));
        return launch(repoRoot, module, command, env, logDir);
    }

    /**
     * The exchange simulator's jar on {@code port}, without rate limits, at the lowest CPU priority
     * (SCHED_IDLE with util-linux's chrt, else nice 19): it stands in for an exchange that is not on this machine, so serving a backfill
     * must not take the cores of the servers being measured. Returns once it answers.
     */
    public static ServiceProcess startSimulator(Path repoRoot, Path logDir, int port)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(onPath("chrt") ? List.of("chrt", "--idle", "0") : List.of("nice", "-n", "19"));
        command.addAll(List.of(javaBinary(), "-Xmx512m", "-jar", jar(repoRoot, "simulator").toString(), "--port",
                Integer.toString(port), "--no-rate-limits"));
        ServiceProcess sim = launch(repoRoot, "simulator", command, Map.of(), logDir);
        sim.awaitHttpOk("http://127.0.0.1:" + port + "/fapi/v1/klines?symbol=BTCUSDT&interval=15m&limit=1",
                Duration.ofSeconds(60));
        return sim;
    }

    private static Path jar(Path repoRoot, String module) {
        Path jar = repoRoot.resolve(module).resolve("target").resolve(module + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build first (bench/run does)");
        }
        return jar;
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        return path != null && java.util.Arrays.stream(path.split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static ServiceProcess launch(Path repoRoot, String name, List<String> command, Map<String, String> env,
                                         Path logDir) throws IOException {
        Files.createDirectories(logDir);
        Path log = logDir.resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(repoRoot.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        Process process = pb.start();
        // If the bench is interrupted, no service outlives it.
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "bench-stop-" + name));
        return new ServiceProcess(name, process, log);
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits until {@code url} answers 200 (e.g. a health check or ping). */
    public void awaitHttpOk(String url, Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2))
                        .build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(name + " did not answer 200 at " + url + " within " + timeout + "; see " + log);
    }

    /** SIGTERM, then SIGKILL after the grace period. */
    public void stop(Duration grace) throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    @Override
    public void close() {
        try {
            stop(Duration.ofSeconds(20));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
