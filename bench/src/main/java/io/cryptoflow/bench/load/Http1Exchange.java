package io.cryptoflow.bench.load;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads one HTTP/1.1 response from a channel and drops its body as it arrives, counting it: the
 * load generator's side of a keep-alive exchange, as wrk does it. Bytes land once, in one reused
 * buffer; only the status line and the headers are ever looked at. Handles Content-Length,
 * chunked transfer coding and bodies that end when the server closes the connection.
 */
public final class Http1Exchange {

    /** What one response was: its status, the body bytes as received, and whether the connection stays open. */
    public record Response(int status, long bodyBytes, boolean keepAlive) {
    }

    private static final int MAX_HEAD = 64 * 1024;

    private final ReadableByteChannel in;
    /** Holds unread bytes between position and limit (read mode) between calls. */
    private final ByteBuffer buffer;

    public Http1Exchange(ReadableByteChannel in, ByteBuffer buffer) {
        this.in = in;
        this.buffer = buffer;
        buffer.clear().flip();
    }

    /**
     * The request bytes of a GET with the given extra headers (name, value, alternating), after the
     * three curl sends: a server that has only ever seen requests with a Host header compiles its
     * header parsing for that alone, and the first ordinary client's request deoptimizes it.
     */
    public static byte[] get(String host, int port, String pathAndQuery, java.util.List<String> headers) {
        StringBuilder r = new StringBuilder("GET ").append(pathAndQuery).append(" HTTP/1.1\r\nHost: ")
                .append(host).append(':').append(port).append("\r\nUser-Agent: cryptoflow-bench\r\nAccept: */*\r\n");
        for (int i = 0; i + 1 < headers.size(); i += 2) {
            r.append(headers.get(i)).append(": ").append(headers.get(i + 1)).append("\r\n");
        }
        return r.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads the next response in full. */
    public Response read() throws IOException {
        String statusLine = line();
        if (!statusLine.startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x status line: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        boolean keepAlive = statusLine.startsWith("HTTP/1.1");
        long length = -1;
        boolean chunked = false;
        int headBytes = statusLine.length();
        for (String header = line(); !header.isEmpty(); header = line()) {
            headBytes += header.length();
            if (headBytes > MAX_HEAD) {
                throw new IOException("response head over " + MAX_HEAD + " bytes");
            }
            int colon = header.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.endsWith("chunked");
                case "connection" -> keepAlive = !value.contains("close") && (keepAlive || value.contains("keep-alive"));
                default -> {
                }
            }
        }
        long body;
        if (status == 204 || status == 304 || (status >= 100 && status < 200)) {
            body = 0;
        } else if (chunked) {
            body = chunks();
        } else if (length >= 0) {
            skip(length);
            body = length;
        } else {
            body = untilClosed();
            keepAlive = false;
        }
        return new Response(status, body, keepAlive);
    }

    private long chunks() throws IOException {
        long total = 0;
        while (true) {
            String sizeLine = line();
            int semicolon = sizeLine.indexOf(';');
            long size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                // trailers, then the empty line
                while (!line().isEmpty()) {
                    // a trailer field: nothing to count
                }
                return total;
            }
            skip(size);
            total += size;
            if (!line().isEmpty()) {
                throw new IOException("chunk not followed by CRLF");
            }
        }
    }

    private void skip(long n) throws IOException {
        long left = n;
        while (left > 0) {
            if (!buffer.hasRemaining()) {
                fill();
            }
            int step = (int) Math.min(left, buffer.remaining());
            buffer.position(buffer.position() + step);
            left -= step;
        }
    }

    private long untilClosed() throws IOException {
        long total = buffer.remaining();
        buffer.position(buffer.limit());
        while (true) {
            buffer.clear();
            int n = in.read(buffer);
            buffer.flip();
            if (n < 0) {
                return total;
            }
            total += n;
            buffer.position(buffer.limit());
        }
    }

    /** One CRLF-terminated line, without the CRLF (a bare LF is accepted too). */
    private String line() throws IOException {
        StringBuilder s = new StringBuilder(64);
        while (true) {
            if (!buffer.hasRemaining()) {
                fill();
            }
            byte b = buffer.get();
            if (b == '\n') {
                int end = s.length();
                return end > 0 && s.charAt(end - 1) == '\r' ? s.substring(0, end - 1) : s.toString();
            }
            if (s.length() > MAX_HEAD) {
                throw new IOException("line over " + MAX_HEAD + " bytes");
            }
            s.append((char) (b & 0xff));
        }
    }

    private void fill() throws IOException {
        buffer.clear();
        int n;
        do {
            n = in.read(buffer);
        } while (n == 0);
        buffer.flip();
        if (n < 0) {
            throw new EOFException("connection closed mid-response");
        }
    }
}
