package io.cryptoflow.collector.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A tiny RFC 6455 server on 127.0.0.1 for tests: completes the handshake, records the client's text
 * frames (subscriptions, pings), lets the test push text frames and cut the TCP connection abruptly.
 */
public final class MiniWebSocketServer implements AutoCloseable {

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final ServerSocket server;
    private final BlockingQueue<Conn> accepted = new LinkedBlockingQueue<>();
    private final Thread acceptor;
    /** Off: the connections accepted from then on answer no ping frame, as one whose client missed the cut. */
    private volatile boolean answerPings = true;

    public MiniWebSocketServer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "mini-ws-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public void answerPings(boolean answer) {
        answerPings = answer;
    }

    public String baseUrl() {
        return "ws://127.0.0.1:" + server.getLocalPort();
    }

    public Conn awaitConnection() throws InterruptedException {
        Conn c = accepted.poll(10, TimeUnit.SECONDS);
        if (c == null) {
            throw new AssertionError("no WebSocket connection within 10 s");
        }
        return c;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Conn c = new Conn(s);
                c.handshake();
                Thread reader = new Thread(c::readLoop, "mini-ws-read");
                reader.setDaemon(true);
                reader.start();
                accepted.add(c);
            } catch (IOException e) {
                // closed
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    public final class Conn {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        public volatile String requestTarget;
        public final List<String> received = new CopyOnWriteArrayList<>();
        public final java.util.concurrent.atomic.AtomicInteger pingsReceived = new java.util.concurrent.atomic.AtomicInteger();
        private final boolean answersPings = answerPings;

        Conn(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        public void handshake() throws IOException {
            String key = null;
            String line = readLine();
            requestTarget = line.split(" ")[1];
            while (!(line = readLine()).isEmpty()) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Sec-WebSocket-Key")) {
                    key = line.substring(colon + 1).trim();
                }
            }
            String accept;
            try {
                accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                        .digest((key + GUID).getBytes(StandardCharsets.US_ASCII)));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IOException(e);
            }
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        private String readLine() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                if (c != '\r') {
                    b.write(c);
                }
            }
            return b.toString(StandardCharsets.US_ASCII);
        }

        public void readLoop() {
            try {
                DataInputStream d = new DataInputStream(in);
                while (true) {
                    int b0 = d.readUnsignedByte();
                    int b1 = d.readUnsignedByte();
                    long len = b1 & 0x7f;
                    if (len == 126) {
                        len = d.readUnsignedShort();
                    } else if (len == 127) {
                        len = d.readLong();
                    }
                    byte[] mask = new byte[4];
                    if ((b1 & 0x80) != 0) {
                        d.readFully(mask);
                    }
                    byte[] payload = new byte[(int) len];
                    d.readFully(payload);
                    for (int i = 0; i < payload.length; i++) {
                        payload[i] ^= mask[i % 4];
                    }
                    int opcode = b0 & 0x0f;
                    if (opcode == 1) {
                        received.add(new String(payload, StandardCharsets.UTF_8));
                    } else if (opcode == 8) {
                        frame(8, payload);
                        socket.close();
                        return;
                    } else if (opcode == 9) {
                        pingsReceived.incrementAndGet();
                        if (answersPings) {
                            frame(10, payload);
                        }
                    }
                }
            } catch (IOException e) {
                // connection gone
            } finally {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        }

        public void send(String text) throws IOException {
            frame(1, text.getBytes(StandardCharsets.UTF_8));
        }

        /** Sends one text message split over two frames (continuation), as servers may. */
        public void sendFragmented(String text) throws IOException {
            byte[] all = text.getBytes(StandardCharsets.UTF_8);
            int half = all.length / 2;
            synchronized (out) {
                writeFrame(0x01, java.util.Arrays.copyOfRange(all, 0, half));
                writeFrame(0x80, java.util.Arrays.copyOfRange(all, half, all.length));
                out.flush();
            }
        }

        public void ping() throws IOException {
            frame(9, new byte[] {1, 2});
        }

        private void frame(int opcode, byte[] payload) throws IOException {
            synchronized (out) {
                writeFrame(0x80 | opcode, payload);
                out.flush();
            }
        }

        private void writeFrame(int b0, byte[] payload) throws IOException {
            out.write(b0);
            if (payload.length < 126) {
                out.write(payload.length);
            } else if (payload.length < 65536) {
                out.write(126);
                out.write(payload.length >>> 8);
                out.write(payload.length & 0xff);
            } else {
                out.write(127);
                for (int i = 7; i >= 0; i--) {
                    out.write((int) ((long) payload.length >>> (8 * i)) & 0xff);
                }
            }
            out.write(payload);
        }

        /** Cuts the TCP connection without a close frame, like a network failure. */
        public void drop() throws IOException {
            socket.setSoLinger(true, 0);
            socket.close();
        }

        public boolean isClosed() {
            return socket.isClosed();
        }
    }
}
