package io.cryptoflow.collector.exchange.fake;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cryptoflow.common.Timeframe;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.StringJoiner;

/** The fake exchange on 127.0.0.1: one candle per open time, price 100 + hours since the epoch mod 50. */
final class FakeKlineServer implements AutoCloseable {

    private final HttpServer server;

    FakeKlineServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/klines", this::klines);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void klines(HttpExchange exchange) throws IOException {
        Map<String, String> q = new HashMap<>();
        for (String pair : exchange.getRequestURI().getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            q.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        Timeframe tf = Timeframe.parse(q.get("tf")).orElseThrow();
        long now = System.currentTimeMillis();
        long end = q.get("end").isEmpty() ? now : Math.min(Long.parseLong(q.get("end")), now);
        long start = q.get("start").isEmpty() ? end - 10 * tf.millis() : Long.parseLong(q.get("start"));
        StringJoiner rows = new StringJoiner(",", "[", "]");
        int limit = Integer.parseInt(q.get("limit"));
        for (long t = tf.openTimeOf(start + tf.millis() - 1); t <= end && limit-- > 0; t += tf.millis()) {
            double price = 100 + (t / 3_600_000L) % 50;
            rows.add("[" + t + ",\"" + price + "\",\"" + (price + 1) + "\",\"" + (price - 1) + "\",\"" + price
                    + "\",\"2.5\"]");
        }
        byte[] body = rows.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
