package io.cryptoflow.collector.sources.klines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import io.cryptoflow.collector.exchange.ExchangeUnavailableException;
import io.cryptoflow.collector.exchange.MalformedResponseException;
import io.cryptoflow.collector.exchange.binance.BinanceFuturesMarket;
import io.cryptoflow.collector.testing.FakeBinanceFutures;
import io.cryptoflow.common.Candle;
import io.cryptoflow.common.Timeframe;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KlineClientTest {

    private static final long HOUR = Timeframe.H1.millis();

    private FakeBinanceFutures fake;
    private MetricRegistry metrics;
    private KlineClient client;

    @BeforeEach
    void setUp() throws Exception {
        fake = new FakeBinanceFutures();
        metrics = new MetricRegistry();
        client = new KlineClient(new BinanceFuturesMarket(fake.url()), HttpClient.newHttpClient(),
                Duration.ofSeconds(5), metrics);
    }

    @AfterEach
    void tearDown() {
        fake.close();
    }

    @Test
    void parsesTwelveFieldStringArraysIntoCandlesWithTakerDerivedSides() throws Exception {
        long now = System.currentTimeMillis();
        long start = Timeframe.H1.openTimeOf(now) - 10 * HOUR;

        List<Candle> candles = client.fetch("BTCUSDT", Timeframe.H1, start, null, 5);

        assertThat(candles).hasSize(5);
        for (int i = 0; i < 5; i++) {
            Candle expected = fake.expected("BTCUSDT", Timeframe.H1, start + i * HOUR, now);
            assertThat(candles.get(i)).isEqualTo(expected);
            assertThat(candles.get(i).sellVolume()).isCloseTo(expected.volume() - expected.buyVolume(), within(1e-9));
            assertThat(candles.get(i).delta()).isCloseTo(expected.buyVolume() - candles.get(i).sellVolume(), within(1e-9));
            assertThat(candles.get(i).tradeCount()).isPositive();
            assertThat(candles.get(i).closed()).isTrue();
        }
        assertThat(fake.requests().get(0).params())
                .containsEntry("symbol", "BTCUSDT").containsEntry("interval", "1h")
                .containsEntry("startTime", Long.toString(start)).containsEntry("limit", "5");
    }

    @Test
    void newestPageEndsWithTheFormingCandleMarkedOpen() throws Exception {
        List<Candle> candles = client.fetch("ETHUSDT", Timeframe.M15, null, null, 3);

        assertThat(candles).hasSize(3);
        assertThat(candles.get(2).time()).isEqualTo(Timeframe.M15.openTimeOf(System.currentTimeMillis()));
        assertThat(candles.get(2).closed()).isFalse();
        assertThat(candles.get(1).closed()).isTrue();
    }

    @Test
    void pageSizeIsCappedAtBinanceMaximumOf1500() throws Exception {
        long start = Timeframe.M15.openTimeOf(System.currentTimeMillis()) - 3000 * Timeframe.M15.millis();

        List<Candle> candles = client.fetch("BTCUSDT", Timeframe.M15, start, null, 5000);

        assertThat(candles).hasSize(1500);
        assertThat(fake.requests().get(0).params()).containsEntry("limit", "1500");
    }

    @Test
    void status429WithRetryAfterBlocksEveryRequestForThatLong() throws Exception {
        fake.enqueue(429, Map.of("Retry-After", "1"), "{\"code\":-1003,\"msg\":\"Too many requests\"}");

        assertThatThrownBy(() -> client.fetch("BTCUSDT", Timeframe.H1, null, null, 2))
                .isInstanceOf(ExchangeUnavailableException.class)
                .satisfies(e -> assertThat(((ExchangeUnavailableException) e).retryAfterMillis()).isEqualTo(1000));
        long limitedAt = fake.requests().get(0).atMillis();

        List<Candle> after = client.fetch("BTCUSDT", Timeframe.H1, null, null, 2);

        assertThat(after).hasSize(2);
        assertThat(fake.requests()).hasSize(2);
        assertThat(fake.requests().get(1).atMillis() - limitedAt).isGreaterThanOrEqualTo(950);
        assertThat(metrics.meter("cryptoflow.collector.exchange.binance.rate-limited").getCount()).isEqualTo(1);
    }

    @Test
    void status418BanIsHonouredLikeA429() throws Exception {
        fake.enqueue(418, Map.of("Retry-After", "1"), "{\"code\":-1003,\"msg\":\"Way too many requests; IP banned\"}");

        assertThatThrownBy(() -> client.fetch("BTCUSDT", Timeframe.H1, null, null, 2))
                .isInstanceOf(ExchangeUnavailableException.class);

        assertThat(client.gate().blockedUntil()).isGreaterThan(System.currentTimeMillis() + 500);
    }

    @Test
    void serverErrorIsTransient() {
        fake.enqueue(503, Map.of(), "<html>Service Unavailable</html>");

        assertThatThrownBy(() -> client.fetch("BTCUSDT", Timeframe.H1, null, null, 2))
                .isInstanceOf(ExchangeUnavailableException.class)
                .hasMessageContaining("503");
    }

    @Test
    void malformedJsonIsRejectedWholeWithTheUrlAndAMetric() {
        fake.enqueue(200, Map.of(), "[[1699999200000,\"1.0\",\"2.0\",\"0.5\",\"1.5\",\"10\",1700000899999,\"15\",5,\"4\",\"6\",\"0\"],{oops");

        assertThatThrownBy(() -> client.fetch("BTCUSDT", Timeframe.M15, null, null, 2))
                .isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining("/fapi/v1/klines?symbol=BTCUSDT");
        assertThat(metrics.meter("cryptoflow.collector.exchange.binance.rejected-pages").getCount()).isEqualTo(1);
    }

    @Test
    void truncatedBodyIsRejected() {
        long now = System.currentTimeMillis();
        long t = Timeframe.H1.openTimeOf(now) - 5 * HOUR;
        String page = fake.page("BTCUSDT", Timeframe.H1, List.of(t, t + HOUR, t + 2 * HOUR), now);
        fake.enqueue(200, Map.of(), page.substring(0, page.length() - 40));

        assertThatThrownBy(() -> client.fetch("BTCUSDT", Timeframe.H1, t, null, 3))
                .isInstanceOf(MalformedResponseException.class);
    }

    @Test
    void bodyThatStallsHalfWayTimesOutInsteadOfHangingTheMarket() throws Exception {
        long now = System.currentTimeMillis();
        long t = Timeframe.H1.openTimeOf(now) - 5 * HOUR;
        fake.enqueueStalledBody(fake.page("BTCUSDT", Timeframe.H1, List.of(t, t + HOUR, t + 2 * HOUR), now));
        KlineClient impatient = new KlineClient(new BinanceFuturesMarket(fake.url()), HttpClient.newHttpClient(),
                Duration.ofMillis(500), metrics);

        assertThatThrownBy(() -> impatient.fetch("BTCUSDT", Timeframe.H1, t, null, 3))
                .isInstanceOf(ExchangeUnavailableException.class)
                .hasMessageContaining("within 500 ms");
    }

    @Test
    void connectionClosedMidBodyIsATransientFailureNotAPage() throws Exception {
        long now = System.currentTimeMillis();
        long t = Timeframe.H1.openTimeOf(now) - 5 * HOUR;
        String page = fake.page("BTCUSDT", Timeframe.H1, List.of(t, t + HOUR, t + 2 * HOUR), now);
        try (CuttingServer cutting = new CuttingServer(page)) {
            KlineClient c = new KlineClient(new BinanceFuturesMarket(cutting.url()), HttpClient.newHttpClient(),
                    Duration.ofSeconds(5), metrics);

            assertThatThrownBy(() -> c.fetch("BTCUSDT", Timeframe.H1, t, null, 3))
                    .isInstanceOf(ExchangeUnavailableException.class);
        }
    }

    /** Announces the whole body's length, sends half of it, then closes the socket. */
    private static final class CuttingServer implements AutoCloseable {
        private final java.net.ServerSocket socket = new java.net.ServerSocket(0, 5,
                java.net.InetAddress.getLoopbackAddress());
        private final Thread thread;

        CuttingServer(String body) throws java.io.IOException {
            byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            thread = new Thread(() -> {
                try (java.net.Socket s = socket.accept()) {
                    java.io.BufferedReader in = new java.io.BufferedReader(
                            new java.io.InputStreamReader(s.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII));
                    String line;
                    while ((line = in.readLine()) != null && !line.isEmpty()) {
                        // request headers
                    }
                    java.io.OutputStream out = s.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                            + bytes.length + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    out.write(bytes, 0, bytes.length / 2);
                    out.flush();
                } catch (java.io.IOException ignored) {
                    // closed by the test
                }
            });
            thread.start();
        }

        String url() {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }

        @Override
        public void close() throws Exception {
            socket.close();
            thread.join(2000);
        }
    }

    @Test
    void oneNonNumericFieldRejectsTheWholePage() {
        fake.enqueue(200, Map.of(), """
                [[1699999200000,"1.0","2.0","0.5","1.5","10",1700000899999,"15",5,"4","6","0"],
                 [1700000100000,"1.5","abc","0.5","1.5","10",1700001799999,"15",5,"4","6","0"]]""");

        assertThatThrownBy(() -> client.fetch("BTCUSDT", Timeframe.M15, null, null, 2))
                .isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining("row 1 high");
    }

    @Test
    void candlesThatViolateOhlcRulesRejectTheWholePage() {
        fake.enqueue(200, Map.of(), """
                [[1699999200000,"1.0","2.0","0.5","1.5","10",1700000899999,"15",5,"4","6","0"],
                 [1700000100000,"1.5","1.4","0.5","1.2","10",1700001799999,"15",5,"4","6","0"]]""");

        assertThatThrownBy(() -> client.fetch("BTCUSDT", Timeframe.M15, null, null, 2))
                .isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining("high");
    }

    @Test
    void takerBuyAboveVolumeIsRejected() {
        fake.enqueue(200, Map.of(), """
                [[1699999200000,"1.0","2.0","0.5","1.5","10",1700000899999,"15",5,"11","6","0"]]""");

        assertThatThrownBy(() -> client.fetch("BTCUSDT", Timeframe.M15, null, null, 2))
                .isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining("taker buy");
    }

    @Test
    void misalignedOpenTimeIsRejected() {
        fake.enqueue(200, Map.of(), """
                [[1700000000001,"1.0","2.0","0.5","1.5","10",1700000899999,"15",5,"4","6","0"]]""");

        assertThatThrownBy(() -> client.fetch("BTCUSDT", Timeframe.M15, null, null, 2))
                .isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining("aligned");
    }

    @Test
    void binanceErrorObjectWithStatus400IsRejectedNotParsed() {
        fake.enqueue(400, Map.of(), "{\"code\":-1121,\"msg\":\"Invalid symbol.\"}");

        assertThatThrownBy(() -> client.fetch("NOPEUSDT", Timeframe.H1, null, null, 2))
                .isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining("Invalid symbol");
    }

    @Test
    void usedWeightHeaderFeedsTheBudget() throws Exception {
        LongStream.range(0, 3).forEach(i -> {
            try {
                client.fetch("BTCUSDT", Timeframe.H1, null, null, 1000);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertThat(fake.requests()).hasSize(3);
        assertThat(metrics.meter("cryptoflow.collector.exchange.binance.requests").getCount()).isEqualTo(3);
    }
}
