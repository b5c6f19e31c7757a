package io.cryptoflow.collector.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cryptoflow.common.Candle;
import io.cryptoflow.common.Timeframe;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

/**
 * A local server speaking Binance USD-M {@code GET /fapi/v1/klines}: 12-field arrays with prices
 * and volumes as strings, oldest first, startTime/endTime/limit semantics as documented, the
 * last row possibly the forming candle. Klines are a deterministic function of (symbol,
 * interval, open time), so tests can compare stored rows with {@link #expected}. Faults are
 * scripted: the next requests get the queued answers instead.
 */
public final class FakeBinanceFutures implements AutoCloseable {

    /** {@code truncated}: only half the announced body is sent, then the server stalls. */
    public record Reply(int status, Map<String, String> headers, String body, boolean truncated) {
    }

    public record Request(long atMillis, URI uri) {
        public Map<String, String> params() {
            Map<String, String> p = new HashMap<>();
            String q = uri.getRawQuery();
            if (q != null) {
                for (String kv : q.split("&")) {
                    int eq = kv.indexOf('=');
                    p.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
            }
            return p;
        }
    }

    private final HttpServer server;
    private final LongSupplier clock;
    private final Deque<Reply> scripted = new ArrayDeque<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Long> listedAt = new ConcurrentHashMap<>();
    private volatile int usedWeight;
    private volatile long formingVersion;

    public FakeBinanceFutures() throws IOException {
        this(System::currentTimeMillis);
    }

    public FakeBinanceFutures(LongSupplier clock) throws IOException {
        this.clock = clock;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/fapi/v1/klines", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The next request gets this answer (queued in order) instead of klines. */
    public synchronized void enqueue(int status, Map<String, String> headers, String body) {
        scripted.add(new Reply(status, headers, body, false));
    }

    /** The next request gets a 200 whose body stops half-way (the connection stays open). */
    public synchronized void enqueueStalledBody(String body) {
        scripted.add(new Reply(200, Map.of(), body, true));
    }

    /** The exchange has no klines of {@code symbol} before {@code time}. */
    public void listSymbolAt(String symbol, long time) {
        listedAt.put(symbol, time);
    }

    /** Changes the forming candle's values, as trades do. */
    public void tick() {
        formingVersion++;
    }

    /** The kline the server serves for this open time, as the collector should store it. */
    public Candle expected(String symbol, Timeframe tf, long openTime, long now) {
        String[] f = fields(symbol, tf, openTime, now);
        return Candle.fromTakerBuy(openTime, Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]),
                Double.parseDouble(f[9]), Long.parseLong(f[8]), openTime + tf.millis() <= now);
    }

    /** The JSON array of one page, exactly as served. */
    public String page(String symbol, Timeframe tf, List<Long> openTimes, long now) {
        StringBuilder sb = new StringBuilder("[");
        for (long t : openTimes) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            String[] f = fields(symbol, tf, t, now);
            sb.append('[').append(f[0]).append(",\"").append(f[1]).append("\",\"").append(f[2])
                    .append("\",\"").append(f[3]).append("\",\"").append(f[4]).append("\",\"").append(f[5])
                    .append("\",").append(f[6]).append(",\"").append(f[7]).append("\",").append(f[8])
                    .append(",\"").append(f[9]).append("\",\"").append(f[10]).append("\",\"0\"]");
        }
        return sb.append(']').toString();
    }

    private String[] fields(String symbol, Timeframe tf, long t, long now) {
        long seed = Math.abs((symbol.hashCode() * 31L + tf.minutes()) * 1_000_003L + t / 60_000);
        boolean forming = t + tf.millis() > now;
        double base = 100 + (seed % 5000) / 10.0;
        double open = base;
        double close = base + ((seed / 7) % 200 - 100) / 100.0 + (forming ? formingVersion * 0.01 : 0);
        double high = Math.max(open, close) + ((seed / 11) % 50) / 100.0;
        double low = Math.min(open, close) - ((seed / 13) % 50) / 100.0;
        double volume = 10 + (seed % 997) + (forming ? formingVersion : 0);
        double buy = volume * ((seed / 3) % 100) / 100.0;
        long trades = 50 + seed % 1000;
        return new String[] {
                Long.toString(t), dec(open), dec(high), dec(low), dec(close), dec(volume),
                Long.toString(t + tf.millis() - 1), dec(volume * open), Long.toString(trades), dec(buy),
                dec(buy * open)};
    }

    private static String dec(double v) {
        return java.math.BigDecimal.valueOf(Math.round(v * 1e8), 8).toPlainString();
    }

    private void handle(HttpExchange ex) throws IOException {
        long now = clock.getAsLong();
        Request req = new Request(System.currentTimeMillis(), ex.getRequestURI());
        requests.add(req);
        Reply reply;
        synchronized (this) {
            reply = scripted.poll();
        }
        if (reply != null && reply.truncated()) {
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, bytes.length);
            OutputStream out = ex.getResponseBody();
            out.write(bytes, 0, bytes.length / 2);
            out.flush();
            try {
                out.close();
            } catch (IOException expected) {
                // "insufficient bytes written": the server drops the connection, which is the point
            }
            return;
        }
        if (reply != null) {
            send(ex, reply.status(), reply.headers(), reply.body());
            return;
        }
        Map<String, String> p = req.params();
        Timeframe tf = Timeframe.parse(p.get("interval")).orElse(null);
        String symbol = p.get("symbol");
        if (tf == null || symbol == null) {
            send(ex, 400, Map.of(), "{\"code\":-1120,\"msg\":\"Invalid interval.\"}");
            return;
        }
        int limit = Math.min(1500, Integer.parseInt(p.getOrDefault("limit", "500")));
        long first = tf.openTimeOf(listedAt.getOrDefault(symbol, 0L) + tf.millis() - 1);
        long last = tf.openTimeOf(now);
        List<Long> times = new ArrayList<>();
        if (p.containsKey("startTime")) {
            long start = Math.max(first, tf.openTimeOf(Long.parseLong(p.get("startTime")) + tf.millis() - 1));
            long end = p.containsKey("endTime") ? Math.min(last, Long.parseLong(p.get("endTime"))) : last;
            for (long t = start; t <= end && times.size() < limit; t += tf.millis()) {
                times.add(t);
            }
        } else {
            long end = p.containsKey("endTime") ? tf.openTimeOf(Math.min(last, Long.parseLong(p.get("endTime")))) : last;
            for (long t = end; t >= first && times.size() < limit; t -= tf.millis()) {
                times.add(0, t);
            }
        }
        usedWeight += limit < 100 ? 1 : limit < 500 ? 2 : limit <= 1000 ? 5 : 10;
        send(ex, 200, Map.of("X-MBX-USED-WEIGHT-1M", Integer.toString(usedWeight)), page(symbol, tf, times, now));
    }

    private static void send(HttpExchange ex, int status, Map<String, String> headers, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
