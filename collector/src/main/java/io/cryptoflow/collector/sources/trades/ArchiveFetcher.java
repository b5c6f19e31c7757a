package io.cryptoflow.collector.sources.trades;

import io.cryptoflow.collector.exchange.JsonTrades;
import io.cryptoflow.collector.exchange.MalformedTradeException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * Downloads archive files to a temporary file (streamed to disk, never held in memory) and
 * verifies Binance's sibling {@code .CHECKSUM} ({@code <sha256>  <name>}).
 */
public final class ArchiveFetcher {

    private final HttpClient http;
    private final Duration timeout;

    public ArchiveFetcher(HttpClient http, Duration timeout) {
        this.http = http;
        this.timeout = timeout;
    }

    /** The downloaded file, or empty when the archive has no such file (404: not published yet, or a hole). */
    public Optional<Path> download(URI uri) throws IOException, InterruptedException {
        Path tmp = Files.createTempFile("cryptoflow-archive-", ".part");
        boolean keep = false;
        try {
            HttpResponse<Path> r = http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofFile(tmp));
            if (r.statusCode() == 404) {
                return Optional.empty();
            }
            if (r.statusCode() != 200) {
                throw new IOException(uri + " answered HTTP " + r.statusCode());
            }
            keep = true;
            return Optional.of(tmp);
        } finally {
            if (!keep) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** Throws when the file's sha256 differs from the one published next to it. */
    public void verifyChecksum(URI fileUri, Path file) throws IOException, InterruptedException, MalformedTradeException {
        URI sumUri = URI.create(fileUri + ".CHECKSUM");
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(sumUri).timeout(timeout).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.US_ASCII));
        if (r.statusCode() != 200) {
            throw new MalformedTradeException(sumUri + " answered HTTP " + r.statusCode() + "; file not trusted");
        }
        String expected = r.body().trim().split("\\s+")[0].toLowerCase(Locale.ROOT);
        if (!expected.matches("[0-9a-f]{64}")) {
            throw new MalformedTradeException(sumUri + " is not a sha256 checksum: " + JsonTrades.abbreviate(r.body()));
        }
        String actual = sha256(file);
        if (!actual.equals(expected)) {
            throw new MalformedTradeException("checksum mismatch for " + fileUri + ": published " + expected
                    + ", downloaded " + actual);
        }
    }

    static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
