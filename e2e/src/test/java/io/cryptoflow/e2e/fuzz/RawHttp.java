package io.cryptoflow.e2e.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A minimal HTTP/1.1 client that sends the request target exactly as given (no encoding, no
 * validation), so hostile query strings reach the server byte for byte.
 */
final class RawHttp {

    record Reply(int status, String contentType, String body) {
    }

    private RawHttp() {
    }

    static Reply get(int port, String target) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAccept: application/json\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            byte[] all = readAll(socket.getInputStream());
            String text = new String(all, StandardCharsets.ISO_8859_1);
            int headerEnd = text.indexOf("\r\n\r\n");
            if (headerEnd < 0) {
                throw new IOException("no complete HTTP header in " + all.length + " bytes: " + text);
            }
            String[] headerLines = text.substring(0, headerEnd).split("\r\n");
            int status = Integer.parseInt(headerLines[0].split(" ")[1]);
            String contentType = "";
            boolean chunked = false;
            for (String h : headerLines) {
                String lower = h.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-type:")) {
                    contentType = h.substring(13).trim();
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            byte[] rawBody = java.util.Arrays.copyOfRange(all, headerEnd + 4, all.length);
            byte[] body = chunked ? dechunk(rawBody) : rawBody;
            return new Reply(status, contentType, new String(body, StandardCharsets.UTF_8));
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        in.transferTo(buf);
        return buf.toByteArray();
    }

    private static byte[] dechunk(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < raw.length) {
            int lineEnd = indexOfCrlf(raw, i);
            if (lineEnd < 0) {
                break;
            }
            String sizeText = new String(raw, i, lineEnd - i, StandardCharsets.ISO_8859_1).split(";")[0].trim();
            int size = Integer.parseInt(sizeText, 16);
            if (size == 0) {
                break;
            }
            out.write(raw, lineEnd + 2, size);
            i = lineEnd + 2 + size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOfCrlf(byte[] b, int from) {
        for (int i = from; i + 1 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
