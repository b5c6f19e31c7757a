package io.cryptoflow.collector.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** A local static file server laid out like data.binance.vision / public.bybit.com; 404 for anything else. */
public final class FakeArchive implements AutoCloseable {

    private final HttpServer server;
    public final Map<String, byte[]> files = new ConcurrentHashMap<>();
    public final List<String> requests = new CopyOnWriteArrayList<>();

    public FakeArchive() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            requests.add(ex.getRequestURI().getPath());
            byte[] body = files.get(ex.getRequestURI().getPath());
            if (body == null) {
                ex.sendResponseHeaders(404, -1);
            } else {
                ex.sendResponseHeaders(200, body.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
            ex.close();
        });
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Publishes a zip holding one CSV, with its .CHECKSUM (of these bytes, or a wrong one). */
    public void publishZip(String path, String csvName, String csv, boolean correctChecksum) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            z.putNextEntry(new ZipEntry(csvName));
            z.write(csv.getBytes(StandardCharsets.US_ASCII));
            z.closeEntry();
        }
        byte[] zip = bytes.toByteArray();
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(zip));
        if (!correctChecksum) {
            sha = sha.substring(1) + (sha.charAt(0) == '0' ? '1' : '0');
        }
        String name = path.substring(path.lastIndexOf('/') + 1);
        files.put(path, zip);
        files.put(path + ".CHECKSUM", (sha + "  " + name + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    public void publishGzip(String path, String csv) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(bytes)) {
            g.write(csv.getBytes(StandardCharsets.US_ASCII));
        }
        files.put(path, bytes.toByteArray());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
