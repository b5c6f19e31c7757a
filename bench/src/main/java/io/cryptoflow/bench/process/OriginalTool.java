package io.cryptoflow.bench.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The Node tool CryptoFlow replaces, started with its own {@code shared/original/run.sh} against
 * the bench's simulator: its API on {@code port}, its collector backfilling {@code days} days
 * into the one SQLite file both share. Measured only, never part of the product.
 */
public final class OriginalTool implements AutoCloseable {

    private final Process process;
    private final Path workDir;
    public final int port;

    private OriginalTool(Process process, Path workDir, int port) {
        this.process = process;
        this.workDir = workDir;
        this.port = port;
    }

    /** {@code run.sh}: {@code $CRYPTOFLOW_ORIGINAL_DIR}, else {@code shared/original} beside or above the repository. */
    public static Optional<Path> script(Path repoRoot) {
        String env = System.getenv("CRYPTOFLOW_ORIGINAL_DIR");
        if (env != null && !env.isBlank()) {
            return Optional.of(Path.of(env, "run.sh")).filter(Files::isRegularFile);
        }
        for (Path p = repoRoot.toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared/original/run.sh");
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Whether {@code node} and {@code npm} are on the PATH (run.sh needs both). */
    public static boolean nodeAvailable() {
        for (String tool : List.of("node", "npm")) {
            try {
                if (new ProcessBuilder(tool, "--version").redirectErrorStream(true).start().waitFor() != 0) {
                    return false;
                }
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    public static OriginalTool start(Path script, String simulatorUrl, int days, Path log)
            throws IOException, InterruptedException {
        int port = FreePort.next();
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), simulatorUrl, Integer.toString(port),
                Integer.toString(days)).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Process p = pb.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(p), "bench-stop-original"));
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine(); // run.sh prints its work dir first (the npm build, if any, goes to stderr)
        if (first == null) {
            throw new IllegalStateException("the original tool's run.sh exited: see " + log);
        }
        return new OriginalTool(p, Path.of(first.trim()), port);
    }

    public Path workDir() {
        return workDir;
    }

    /** The Node processes (API and collector) under run.sh, for RSS. */
    public List<ProcessHandle> nodeProcesses() {
        return process.descendants().filter(h -> h.info().command().map(c -> c.endsWith("node")).orElse(false)).toList();
    }

    /** Its collector prints "Backfill complete" when the history is in. */
    public boolean backfillComplete() {
        try {
            Path log = workDir.resolve("collector.log");
            return Files.exists(log) && Files.readString(log).contains("Backfill complete");
        } catch (IOException e) {
            return false;
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    private static void stop(Process p) {
        if (!p.isAlive()) {
            return;
        }
        List<ProcessHandle> children = p.descendants().toList();
        p.destroy(); // run.sh's trap stops both Node processes
        try {
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }

    @Override
    public void close() {
        stop(process);
    }

    public static Duration startupTimeout() {
        return Duration.ofMinutes(6); // the first run compiles better-sqlite3 (about 3 minutes)
    }
}
