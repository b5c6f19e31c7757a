package io.cryptoflow.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The load generator against an in-process stub server (JDK HttpServer, loopback only). */
class HttpLoadTest {

    private static final byte[] BODY = "{\"candles\":[]}".getBytes(StandardCharsets.UTF_8);

    static {
        // The JDK server writes head and body separately; with Nagle on its side, each answer would wait
        // for the client's delayed ACK (about 40 ms), and the stub, not the load, would set the pace.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private HttpServer server;
    private final AtomicInteger served = new AtomicInteger();
    private volatile long delayMillis;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/ok", x -> {
            served.incrementAndGet();
            sleep(delayMillis);
            x.sendResponseHeaders(200, BODY.length);
            x.getResponseBody().write(BODY);
            x.close();
        });
        server.createContext("/missing", x -> {
            x.sendResponseHeaders(404, -1);
            x.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void closedLoopCountsRequestsAndBodyBytesOverKeptAliveConnections() throws Exception {
        HttpLoad.Result r = new HttpLoad(4).run("t", uri("/ok"), Duration.ZERO, Duration.ofMillis(300), () -> true);

        assertThat(r.requests()).isPositive().isEqualTo(r.latenciesMicros().count());
        assertThat(r.errors()).isZero();
        assertThat(r.bytes()).isEqualTo(r.requests() * BODY.length);
    }

    @Test
    void everyNon200AnswerIsAnError() throws Exception {
        HttpLoad.Result r = new HttpLoad(2).run("t", uri("/missing"), Duration.ZERO, Duration.ofMillis(200), () -> true);

        assertThat(r.requests()).isPositive();
        assertThat(r.errors()).isEqualTo(r.requests());
        assertThat(r.errorKinds()).containsOnlyKeys("HTTP 404");
    }

    @Test
    void aFixedRateSendsThatManyRequestsAndCountsLatencyFromWhenEachWasDue() throws Exception {
        HttpLoad.Result steady = new HttpLoad(4).atRate(200).run("t", uri("/ok"), List.of(), Duration.ZERO,
                Duration.ofSeconds(1), () -> true);

        // 200 due in 1 s, each answered in well under its 20 ms slot
        assertThat(steady.requests()).isBetween(180L, 204L);

        delayMillis = 40;
        HttpLoad.Result slow = new HttpLoad(2).atRate(100).run("t", uri("/ok"), List.of(), Duration.ZERO,
                Duration.ofSeconds(1), () -> true);

        // each connection is due every 20 ms but answered in 40: requests queue behind each other, and
        // their latency grows with the queue instead of staying at the 40 ms a closed loop would report
        assertThat(slow.requests()).isLessThan(60);
        assertThat(slow.p99Millis()).isGreaterThan(200);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
