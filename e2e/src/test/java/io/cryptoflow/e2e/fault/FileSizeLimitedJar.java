package io.cryptoflow.e2e.fault;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A service jar started under a soft file-size limit ({@code prlimit --fsize=N: -- java -jar ...}):
 * every write the service makes past N bytes of any file fails with EFBIG, which is what SQLite
 * meets on a full disk (HotSpot ignores SIGXFSZ). Only the soft limit is set, so
 * {@link #liftLimit()} can raise it on the running process without root.
 *
 * <p>Two things the limit would otherwise hit before the database: sqlite-jdbc's native library
 * (over 1 MB, extracted to a temp file at startup) is extracted once by the test and loaded from
 * there, and the service's output goes through a pipe that this JVM copies into the log file.
 */
final class FileSizeLimitedJar implements AutoCloseable {

    static final Path PRLIMIT = Path.of("/usr/bin/prlimit");

    private final Process process;
    private final Path log;
    private final Thread pump;

    private FileSizeLimitedJar(Process process, Path log) {
        this.process = process;
        this.log = log;
        this.pump = new Thread(this::copyOutput, "log-pump-" + process.pid());
        this.pump.setDaemon(true);
        this.pump.start();
    }

    static boolean available() {
        return Files.isExecutable(PRLIMIT);
    }

    static FileSizeLimitedJar start(Path root, String module, Path config, Map<String, String> env, Path log,
                                    long limitBytes, Path nativeLibDir) throws IOException {
        Path jar = root.resolve(module + "/target/" + module + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " missing: run through `mvn verify` (failsafe runs after package)");
        }
        Path lib = extractSqliteNativeLibrary(nativeLibDir);
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(List.of(PRLIMIT.toString(), "--fsize=" + limitBytes + ":", "--",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-Dorg.sqlite.lib.path=" + lib.getParent(), "-Dorg.sqlite.lib.name=" + lib.getFileName(),
                "-jar", jar.toString(), "server", config.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        return new FileSizeLimitedJar(pb.start(), log);
    }

    /** The driver's own copy of its native library, for {@code -Dorg.sqlite.lib.path}. */
    private static Path extractSqliteNativeLibrary(Path dir) throws IOException {
        String name = System.mapLibraryName("sqlitejdbc");
        String resource = "/org/sqlite/native/" + org.sqlite.util.OSInfo.getNativeLibFolderPathForCurrentOS() + "/" + name;
        Path target = dir.resolve(name);
        if (!Files.exists(target)) {
            Files.createDirectories(dir);
            try (InputStream in = org.sqlite.JDBC.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("sqlite-jdbc has no " + resource);
                }
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return target;
    }

    /** prlimit execs java in place, so this is the service's pid. */
    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Process process() {
        return process;
    }

    Path log() {
        return log;
    }

    /** Raises the soft limit of the running service to unlimited: the disk has room again. */
    void liftLimit() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(PRLIMIT.toString(), "--pid", Long.toString(pid()), "--fsize=unlimited:")
                .redirectErrorStream(true).start();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("prlimit --pid " + pid() + " failed: " + new String(p.getInputStream().readAllBytes()));
        }
    }

    /** CPU time the service has used so far (user + system). */
    Duration cpuTime() {
        return process.info().totalCpuDuration().orElseThrow();
    }

    String logText() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    long logLines() throws IOException {
        return logText().lines().count();
    }

    void awaitOk(String url, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("process exited with " + process.exitValue() + " before " + url + " answered; see " + log);
            }
            if (ServiceJar.status(url) == 200) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(url + " did not answer 200 within " + timeout + "; see " + log);
    }

    private void copyOutput() {
        try (InputStream in = process.getInputStream();
             OutputStream out = Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // the process is gone
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
        pump.join(5000);
    }
}
