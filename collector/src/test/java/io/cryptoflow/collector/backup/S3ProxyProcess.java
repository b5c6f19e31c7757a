package io.cryptoflow.collector.backup;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * S3Proxy (Maven Central org.gaul:s3proxy, copied to target/s3proxy/s3proxy.jar before the ITs) as a
 * process: the S3 API over a local directory (filesystem backend), with fixed credentials. Public
 * in the collector's test-jar: the e2e tests run the whole stack against it too (they copy the jar
 * to their own target/s3proxy/).
 */
public final class S3ProxyProcess implements AutoCloseable {

    public static final String KEY = "cryptoflow-test";
    public static final String SECRET = "cryptoflow-test-secret";

    private final Path blobs;
    private final int port;
    private final Path log;
    private Process process;

    public S3ProxyProcess(Path dir, int port) throws IOException {
        this(dir, port, "127.0.0.1");
    }

    /** @param bindHost 0.0.0.0 lets containers reach it through the host gateway */
    public S3ProxyProcess(Path dir, int port, String bindHost) throws IOException {
        this.blobs = Files.createDirectories(dir.resolve("blobs"));
        this.port = port;
        this.log = dir.resolve("s3proxy.log");
        Files.writeString(dir.resolve("s3proxy.conf"), String.join("\n",
                "s3proxy.endpoint=http://" + bindHost + ":" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + KEY,
                "s3proxy.credential=" + SECRET,
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + blobs) + "\n");
    }

    public static Path jar() {
        return Path.of("target/s3proxy/s3proxy.jar").toAbsolutePath();
    }

    /** The endpoint as this host reaches it. */
    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** The directory holding one bucket's objects as files. */
    public Path bucketDir(String bucket) {
        return blobs.resolve(bucket);
    }

    public void start() throws Exception {
        Path conf = log.resolveSibling("s3proxy.conf");
        process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-jar", jar().toString(), "--properties", conf.toString()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("S3Proxy exited: " + Files.readString(log));
                }
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("S3Proxy did not listen within 60 s: " + Files.readString(log));
    }

    public void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            process.waitFor(20, TimeUnit.SECONDS);
            process = null;
        }
    }

    /** Creates a bucket with a plain S3 PUT, signed with AWS signature version 2. */
    public void createBucket(String bucket) throws Exception {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC));
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        String signature = Base64.getEncoder().encodeToString(
                mac.doFinal(("PUT\n\n\n" + date + "\n/" + bucket).getBytes(StandardCharsets.UTF_8)));
        HttpRequest put = HttpRequest.newBuilder(URI.create(endpoint() + "/" + bucket))
                .header("Date", date).header("Authorization", "AWS " + KEY + ":" + signature)
                .PUT(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> r = HttpClient.newHttpClient().send(put, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("PUT bucket " + bucket + ": " + r.statusCode() + " " + r.body());
        }
    }

    /**
     * The environment that points bin/cryptoflow, Litestream and litestream-s3.yml at {@code bucket}
     * under {@code prefix} here (path-style, these credentials), without AWS_CA_BUNDLE: Litestream
     * refuses a plain-HTTP endpoint when a CA bundle is forced on it.
     */
    public void putBackupEnv(Map<String, String> env, String bucket, String prefix) {
        putBackupEnv(env, bucket, prefix, endpoint());
    }

    /** As above, with the endpoint as the clients reach it (from a container: the host gateway's name). */
    public void putBackupEnv(Map<String, String> env, String bucket, String prefix, String clientEndpoint) {
        S3BackupEnv.put(env, bucket, prefix, clientEndpoint, KEY, SECRET);
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
