package io.cryptoflow.api.core;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection of the start-up warm-up ({@link HttpWarmup}): writes a GET with
 * only the headers given (plus Host), as wrk and browsers' simplest requests do, reads the status and
 * headers and skips the body (Content-Length, chunked, or up to the close).
 *
 * <p>Why not java.net.http: in the API's own JVM its selector, futures and executor cost more CPU than
 * the requests they send; on a loaded machine the warm-up made ~115 requests/s through it while wrk
 * got ~1,100/s from the same cold server, so C2's thresholds (thousands of calls) were never reached
 * within the budget (docs/benchmarks.md, "JIT-quiet warm-up"). A blocking socket per worker thread
 * costs next to nothing.
 */
final class WarmupClient implements AutoCloseable {

    private static final int TIMEOUT_MS = 10_000;

    /** What the warm-up needs of an answer. */
    record Reply(int status, String etag) {
    }

    private final InetSocketAddress address;
    private final String host;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    WarmupClient(URI base) {
        this.address = new InetSocketAddress(base.getHost(), base.getPort());
        this.host = base.getHost() + ":" + base.getPort();
    }

    /** Sends {@code GET pathAndQuery} with {@code headers} ("Name: value"), reads the whole answer. */
    Reply get(String pathAndQuery, List<String> headers) throws IOException {
        if (socket == null) {
            socket = new Socket();
            socket.connect(address, TIMEOUT_MS);
            socket.setSoTimeout(TIMEOUT_MS);
            socket.setTcpNoDelay(true);
            in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            out = socket.getOutputStream();
        }
        StringBuilder request = new StringBuilder(256).append("GET ").append(pathAndQuery).append(" HTTP/1.1\r\nHost: ")
                .append(host).append("\r\n");
        headers.forEach(h -> request.append(h).append("\r\n"));
        out.write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        try {
            return read();
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    private Reply read() throws IOException {
        String statusLine = line();
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean closes = false;
        String etag = null;
        for (String h = line(); !h.isEmpty(); h = line()) {
            int colon = h.indexOf(':');
            String name = h.substring(0, Math.max(colon, 0)).trim().toLowerCase(Locale.ROOT);
            String value = h.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> closes = value.equalsIgnoreCase("close");
                case "etag" -> etag = value;
                default -> { }
            }
        }
        if (status == 204 || status == 304 || status / 100 == 1) {
            length = 0;
        }
        if (chunked) {
            for (long size = Long.parseLong(chunkSize(line()), 16); size > 0; size = Long.parseLong(chunkSize(line()), 16)) {
                skip(size);
                line();
            }
            while (!line().isEmpty()) {
                // trailers
            }
        } else if (length >= 0) {
            skip(length);
        } else {
            in.transferTo(OutputStream.nullOutputStream());
            closes = true;
        }
        if (closes) {
            close();
        }
        return new Reply(status, etag);
    }

    private static String chunkSize(String line) {
        int ext = line.indexOf(';');
        return (ext < 0 ? line : line.substring(0, ext)).trim();
    }

    private void skip(long n) throws IOException {
        long left = n;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("answer ended " + left + " bytes early");
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("connection closed mid-answer");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing a loopback socket at the end of the warm-up: nothing to do
            }
            socket = null;
        }
    }
}
