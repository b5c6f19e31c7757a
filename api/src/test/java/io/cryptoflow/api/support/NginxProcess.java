package io.cryptoflow.api.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Debian's nginx, run in the foreground from the config deploy/nginx/render.sh renders (the one
 * the project ships), with everything it writes under one directory.
 */
public final class NginxProcess implements AutoCloseable {

    private final Process process;
    private final Path dir;
    public final int port;

    private NginxProcess(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /** The nginx binary, if installed (Debian puts it in /usr/sbin, often not on a user's PATH). */
    public static Optional<Path> binary() {
        for (String candidate : List.of("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Optional.of(Path.of(candidate));
            }
        }
        return Optional.empty();
    }

    public static NginxProcess start(Path nginx, Path repoRoot, Path dir, String upstream)
            throws IOException, InterruptedException {
        int port = freePort();
        ProcessBuilder render = new ProcessBuilder(repoRoot.resolve("deploy/nginx/render.sh").toString(),
                "--standalone", dir.toString()).redirectErrorStream(true);
        render.environment().put("CRYPTOFLOW_API_UPSTREAM", upstream);
        render.environment().put("CRYPTOFLOW_CACHE_LISTEN", "127.0.0.1:" + port);
        Process r = render.start();
        String out = new String(r.getInputStream().readAllBytes()).trim();
        if (r.waitFor() != 0) {
            throw new IllegalStateException("render.sh failed: " + out);
        }
        Process p = new ProcessBuilder(nginx.toString(), "-c", out, "-g", "daemon off;")
                .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("nginx exited: " + Files.readString(dir.resolve("nginx.out"))
                        + errorLog(dir));
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                return new NginxProcess(p, dir, port);
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException("nginx did not listen on " + port + errorLog(dir));
    }

    private static String errorLog(Path dir) throws IOException {
        Path log = dir.resolve("logs/error.log");
        return Files.exists(log) ? "\n" + Files.readString(log) : "";
    }

    public String accessLog() throws IOException {
        Path log = dir.resolve("logs/access.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy(); // SIGTERM: nginx's fast shutdown
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
