package io.cryptoflow.bench.process;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The shipped cache tier (deploy/nginx, rendered by its render.sh) in front of a running API. */
public final class NginxTier implements AutoCloseable {

    private final Process process;
    private final Path dir;
    public final int port;

    private NginxTier(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    public static Optional<Path> binary() {
        for (String c : List.of("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx")) {
            if (Files.isExecutable(Path.of(c))) {
                return Optional.of(Path.of(c));
            }
        }
        return Optional.empty();
    }

    public static NginxTier start(Path nginx, Path repoRoot, Path dir, int apiPort) throws IOException, InterruptedException {
        int port = FreePort.next();
        ProcessBuilder render = new ProcessBuilder(repoRoot.resolve("deploy/nginx/render.sh").toString(), "--standalone",
                dir.toString()).redirectErrorStream(true);
        render.environment().put("CRYPTOFLOW_API_UPSTREAM", "127.0.0.1:" + apiPort);
        render.environment().put("CRYPTOFLOW_CACHE_LISTEN", "127.0.0.1:" + port);
        Process r = render.start();
        String conf = new String(r.getInputStream().readAllBytes()).trim();
        if (r.waitFor() != 0) {
            throw new IllegalStateException("deploy/nginx/render.sh failed: " + conf);
        }
        Process p = new ProcessBuilder(nginx.toString(), "-c", conf, "-g", "daemon off;").redirectErrorStream(true)
                .redirectOutput(dir.resolve("nginx.out").toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroy, "bench-stop-nginx"));
        for (int i = 0; i < 200; i++) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return new NginxTier(p, dir, port);
            } catch (IOException notYet) {
                if (!p.isAlive()) {
                    break;
                }
                Thread.sleep(50);
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException("nginx did not start; see " + dir.resolve("logs/error.log"));
    }

    /** Access-log lines so far with {@code cache=<status>} for each status (HIT, MISS, REVALIDATED, ...). */
    public java.util.Map<String, Long> cacheStatuses() throws IOException {
        Path log = dir.resolve("logs/access.log");
        java.util.Map<String, Long> counts = new java.util.TreeMap<>();
        if (!Files.exists(log)) {
            return counts;
        }
        try (var lines = Files.lines(log)) {
            lines.forEach(l -> {
                int i = l.indexOf(" cache=");
                if (i >= 0) {
                    int end = l.indexOf(' ', i + 7);
                    counts.merge(l.substring(i + 7, end < 0 ? l.length() : end), 1L, Long::sum);
                }
            });
        }
        return counts;
    }

    /** The nginx master and worker processes. */
    public List<ProcessHandle> processes() {
        List<ProcessHandle> all = new java.util.ArrayList<>();
        all.add(process.toHandle());
        all.addAll(process.descendants().toList());
        return all;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
