package io.cryptoflow.collector.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A local HTTP server answering trade REST paths with a handler per path; scripted failures
 * (status, headers, body) are served first, in order.
 */
public final class FakeTradeRest implements AutoCloseable {

    public record Answer(int status, Map<String, String> headers, byte[] body) {
        public static Answer json(String body) {
            return new Answer(200, Map.of("Content-Type", "application/json"), body.getBytes(StandardCharsets.UTF_8));
        }
    }

    private final HttpServer server;
    public final List<String> requests = new CopyOnWriteArrayList<>();
    public final ConcurrentLinkedQueue<Answer> scripted = new ConcurrentLinkedQueue<>();

    public FakeTradeRest(String path, Function<Map<String, String>, Answer> handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(path, ex -> handle(ex, handler));
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange ex, Function<Map<String, String>, Answer> handler) throws IOException {
        requests.add(ex.getRequestURI().toString());
        Answer a = scripted.poll();
        if (a == null) {
            a = handler.apply(query(ex.getRequestURI().getRawQuery()));
        }
        a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        ex.sendResponseHeaders(a.status(), a.body().length == 0 ? -1 : a.body().length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(a.body());
        }
    }

    public static Map<String, String> query(String raw) {
        Map<String, String> m = new java.util.HashMap<>();
        if (raw != null) {
            for (String kv : raw.split("&")) {
                int eq = kv.indexOf('=');
                m.put(eq < 0 ? kv : kv.substring(0, eq), eq < 0 ? "" : kv.substring(eq + 1));
            }
        }
        return m;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
