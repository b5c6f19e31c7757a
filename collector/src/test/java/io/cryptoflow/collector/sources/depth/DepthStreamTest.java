package io.cryptoflow.collector.sources.depth;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.cryptoflow.collector.exchange.DepthProtocol;
import io.cryptoflow.collector.exchange.Prices;
import io.cryptoflow.collector.exchange.RateGate;
import io.cryptoflow.collector.exchange.binance.BinanceDepthProtocol;
import io.cryptoflow.collector.exchange.binance.BinanceExchanges;
import io.cryptoflow.collector.exchange.book.BookSync;
import io.cryptoflow.collector.exchange.bybit.BybitDepthProtocol;
import io.cryptoflow.collector.testing.MiniWebSocketServer;
import io.cryptoflow.common.MarketSymbol;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The order-book connection against local servers speaking the exchanges' documented frames: a gap
 * is resynced the exchange's way (Bybit: unsubscribe and subscribe, a new snapshot; Binance: a new
 * REST snapshot) and the book is known right again afterwards.
 */
class DepthStreamTest {

    private static final DepthTiming FAST = new DepthTiming(20_000, 30_000, 100, 1_000, 100);

    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final ExecutorService workers = Executors.newCachedThreadPool();
    private final HttpClient http = HttpClient.newHttpClient();
    private DepthStream stream;

    @AfterEach
    void stop() {
        if (stream != null) {
            stream.stop();
        }
        scheduler.shutdownNow();
        workers.shutdownNow();
    }

    private DepthMarket start(DepthProtocol protocol, String exchange, String wsUrl, String restUrl) {
        DepthMarket m = new DepthMarket(MarketSymbol.of(exchange, "BTCUSDT"), protocol.newSync(),
                (symbol, mid) -> Prices.parse("10"), 0.01);
        RateGate gate = new RateGate(exchange, BinanceExchanges.FUTURES.market(restUrl).rateLimitRules());
        stream = new DepthStream(exchange, protocol, wsUrl, restUrl, Map.of("BTCUSDT", m), http, gate, scheduler,
                workers, FAST);
        stream.start();
        return m;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(10);
        }
    }

    private static boolean known(DepthMarket m) {
        synchronized (m.sync()) {
            return m.sync().known();
        }
    }

    private static String bybit(String type, long u) {
        return """
                {"topic":"orderbook.200.BTCUSDT","type":"%s","ts":1671179923028,"data":{"s":"BTCUSDT",\
                "b":[["97000.00","1.5"]],"a":[["97000.50","2.5"]],"u":%d,"seq":1},"cts":1}""".formatted(type, u);
    }

    @Test
    void bybitResubscribesOnAGapAndTheNewSnapshotMakesTheBookKnownAgain() throws Exception {
        try (MiniWebSocketServer ws = new MiniWebSocketServer()) {
            DepthMarket m = start(new BybitDepthProtocol(), "BYBIT", ws.baseUrl(), "http://127.0.0.1:1");
            MiniWebSocketServer.Conn c = ws.awaitConnection();
            await("subscribe", () -> c.received.contains("{\"op\":\"subscribe\",\"args\":[\"orderbook.200.BTCUSDT\"]}"));
            c.send(bybit("snapshot", 100));
            c.send(bybit("delta", 101));
            await("known", () -> known(m));
            c.send(bybit("delta", 103));
            await("unsubscribe", () -> c.received.contains("{\"op\":\"unsubscribe\",\"args\":[\"orderbook.200.BTCUSDT\"]}"));
            assertThat(known(m)).isFalse();
            assertThat(m.sync().lastFault()).isEqualTo(BookSync.Fault.GAP);
            c.send(bybit("snapshot", 1));
            await("known again", () -> known(m));
            assertThat(m.status().resyncs()).isEqualTo(1);
        }
    }

    private static String binance(long first, long last, long prev) {
        return """
                {"stream":"btcusdt@depth@100ms","data":{"e":"depthUpdate","E":1,"T":1,"s":"BTCUSDT",\
                "U":%d,"u":%d,"pu":%d,"b":[["97000.00","1.5"]],"a":[["97000.50","2.5"]]}}""".formatted(first, last, prev);
    }

    @Test
    void binanceFetchesANewSnapshotOnAGap() throws Exception {
        AtomicLong lastUpdateId = new AtomicLong(100);
        AtomicInteger snapshots = new AtomicInteger();
        HttpServer rest = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        rest.createContext("/fapi/v1/depth", ex -> {
            snapshots.incrementAndGet();
            byte[] body = ("{\"lastUpdateId\":" + lastUpdateId.get() + ",\"E\":1,\"T\":1,"
                    + "\"bids\":[[\"96990.00\",\"1\"]],\"asks\":[[\"97010.00\",\"1\"]]}").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        rest.start();
        try (MiniWebSocketServer ws = new MiniWebSocketServer()) {
            DepthMarket m = start(new BinanceDepthProtocol(), "BINANCE", ws.baseUrl(),
                    "http://127.0.0.1:" + rest.getAddress().getPort());
            MiniWebSocketServer.Conn c = ws.awaitConnection();
            assertThat(c.requestTarget).isEqualTo("/stream?streams=btcusdt@depth@100ms");
            c.send(binance(90, 95, 89));
            c.send(binance(96, 105, 95));
            await("known", () -> known(m));
            int before = snapshots.get();
            lastUpdateId.set(125);
            c.send(binance(120, 130, 110)); // pu 110 != 105: diffs lost
            await("a new snapshot", () -> snapshots.get() > before);
            await("known again", () -> known(m));
            assertThat(m.status().resyncs()).isEqualTo(1);
            assertThat(m.status().lastFault()).isEqualTo("GAP");
        } finally {
            rest.stop(0);
        }
    }
}
