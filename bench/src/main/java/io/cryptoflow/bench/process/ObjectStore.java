package io.cryptoflow.bench.process;

import io.cryptoflow.collector.backup.S3BackupEnv;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A local S3-compatible object store for the backup scenario: S3Proxy (org.gaul:s3proxy, copied to
 * bench/target/s3proxy/ by the bench's build) on a directory, filesystem backend, fixed credentials.
 * Its one bucket is a directory created before it starts (the filesystem backend's buckets are
 * directories), so no signed S3 request is needed here.
 */
public final class ObjectStore implements AutoCloseable {

    private static final String KEY = "cryptoflow-bench";
    private static final String SECRET = "cryptoflow-bench-secret";
    private static final String S3PROXY_VERSION = "2.1.0";

    private final String bucket;
    private final int port;
    private final Process process;

    private ObjectStore(String bucket, int port, Process process) {
        this.bucket = bucket;
        this.port = port;
        this.process = process;
    }

    /** Starts S3Proxy on 127.0.0.1 with {@code bucket} under {@code dir}; waits until it listens. */
    public static ObjectStore start(Path repoRoot, Path dir, String bucket) throws Exception {
        Path blobs = Files.createDirectories(dir.resolve("blobs"));
        Files.createDirectories(blobs.resolve(bucket));
        int port = FreePort.next();
        Path conf = dir.resolve("s3proxy.conf");
        Files.writeString(conf, String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + KEY,
                "s3proxy.credential=" + SECRET,
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + blobs) + "\n");
        Path log = dir.resolve("s3proxy.log");
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-jar", jar(repoRoot).toString(), "--properties", conf.toString()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return new ObjectStore(bucket, port, p);
            } catch (IOException notYet) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("S3Proxy exited, see " + log);
                }
                Thread.sleep(200);
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException("S3Proxy did not listen within 60 s, see " + log);
    }

    /** bench/target/s3proxy/s3proxy.jar (bench's build), else the jar in the local Maven repository. */
    static Path jar(Path repoRoot) {
        Path built = repoRoot.resolve("bench/target/s3proxy/s3proxy.jar");
        if (Files.isRegularFile(built)) {
            return built;
        }
        Path local = Path.of(System.getProperty("user.home"), ".m2/repository/org/gaul/s3proxy", S3PROXY_VERSION,
                "s3proxy-" + S3PROXY_VERSION + "-jar-with-dependencies.jar");
        if (Files.isRegularFile(local)) {
            return local;
        }
        throw new IllegalStateException("no S3Proxy jar: build the bench (mvn -B -q -DskipTests package) to copy it to " + built);
    }

    /** The variables that point litestream-s3.yml at this store ({@link S3BackupEnv}), under {@code prefix}. */
    public void putBackupEnv(Map<String, String> env, String prefix) {
        S3BackupEnv.put(env, bucket, prefix, "http://127.0.0.1:" + port, KEY, SECRET);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
