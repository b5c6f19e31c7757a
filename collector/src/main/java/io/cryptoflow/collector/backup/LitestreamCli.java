package io.cryptoflow.collector.backup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the litestream binary with the stack's litestream.yml, one command at a time. */
public class LitestreamCli {

    /** What one command did: its exit code (-1 when it timed out) and its output, stderr included. */
    public record Outcome(int exitCode, String output) {
        public boolean succeeded() {
            return exitCode == 0;
        }
    }

    private final Path binary;
    private final Path config;
    private final Map<String, String> environment;

    /** {@code environment}: what Litestream runs with and expands in the config (the collector's own, in production). */
    public LitestreamCli(Path binary, Path config, Map<String, String> environment) {
        this.binary = binary;
        this.config = config;
        Map<String, String> env = new HashMap<>(environment);
        // Litestream's S3 client rejects a plain-HTTP endpoint (S3Proxy, MinIO on a LAN) when a CA
        // bundle is forced on it; bin/cryptoflow runs the replicating process without it too.
        if (env.getOrDefault("CRYPTOFLOW_BACKUP_S3_ENDPOINT", "").startsWith("http://")) {
            env.remove("AWS_CA_BUNDLE");
        }
        this.environment = Map.copyOf(env);
    }

    public Map<String, String> environment() {
        return environment;
    }

    /** {@code litestream generations}: every replica's generations and their lag behind the database. */
    public Outcome generations(Path db, Duration timeout) throws IOException, InterruptedException {
        return run(List.of("generations", "-config", config.toString(), db.toAbsolutePath().toString()), timeout);
    }

    /** {@code litestream restore -replica NAME -o OUT DB}: the latest backup of one replica into OUT. */
    public Outcome restore(Path db, String replica, Path out, Duration timeout) throws IOException, InterruptedException {
        return run(List.of("restore", "-config", config.toString(), "-replica", replica, "-o", out.toAbsolutePath().toString(),
                db.toAbsolutePath().toString()), timeout);
    }

    private Outcome run(List<String> args, Duration timeout) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(args);
        Path log = Files.createTempFile("litestream-", ".log");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().clear();
            pb.environment().putAll(environment);
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                return new Outcome(-1, "timed out after " + timeout.toSeconds() + " s: " + read(log));
            }
            return new Outcome(p.exitValue(), read(log));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static String read(Path log) throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8).strip();
    }
}
