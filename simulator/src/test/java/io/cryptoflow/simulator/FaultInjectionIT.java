package io.cryptoflow.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.cryptoflow.simulator.faults.Fault;
import io.cryptoflow.simulator.log.LoggedRequest;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultInjectionIT {

    static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    ExchangeSimulator sim;
    String klines;

    @BeforeEach
    void start() {
        sim = ExchangeSimulator.builder().clock(new ManualClock(NOW)).start();
        klines = sim.baseUrl() + "/fapi/v1/klines?symbol=BTCUSDT&interval=15m&limit=20";
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void statusFaultWithRetryAfterAppliesToTheNextNMatchingRequestsOnly() {
        sim.faults().enqueue("/fapi/v1/klines", Fault.status(429).retryAfterSeconds(1), 2);
        HttpResponse<String> first = SimHttp.get(klines);
        assertThat(first.statusCode()).isEqualTo(429);
        assertThat(first.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(SimHttp.get(sim.baseUrl() + "/fapi/v1/aggTrades?symbol=BTCUSDT&limit=5").statusCode()).isEqualTo(200);
        assertThat(SimHttp.get(klines).statusCode()).isEqualTo(429);
        assertThat(SimHttp.get(klines).statusCode()).isEqualTo(200);
        assertThat(sim.faults().pending()).isZero();
    }

    @Test
    void faultsAreConsumedInTheOrderTheyWereQueued() {
        sim.faults().enqueue("/fapi", Fault.status(503)).enqueue("/fapi", Fault.status(418).retryAfterSeconds(120));
        assertThat(SimHttp.get(klines).statusCode()).isEqualTo(503);
        HttpResponse<String> ban = SimHttp.get(klines);
        assertThat(ban.statusCode()).isEqualTo(418);
        assertThat(ban.headers().firstValue("Retry-After")).hasValue("120");
        assertThat(SimHttp.get(klines).statusCode()).isEqualTo(200);
    }

    @Test
    void malformedJsonIsA200WhoseBodyDoesNotParse() {
        String good = SimHttp.get(klines).body();
        sim.faults().enqueue("/fapi/v1/klines", Fault.malformedJson());
        HttpResponse<String> bad = SimHttp.get(klines);
        assertThat(bad.statusCode()).isEqualTo(200);
        assertThat(good).startsWith(bad.body());
        assertThat(bad.body().length()).isLessThan(good.length());
        assertThatThrownBy(() -> SimHttp.JSON.readTree(bad.body())).isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void truncatedBodyCutsTheConnectionBeforeTheAnnouncedLength() {
        sim.faults().enqueue("/fapi/v1/klines", Fault.truncatedBody());
        assertThatThrownBy(() -> SimHttp.getBytes(klines)).isInstanceOf(IOException.class);
        assertThat(SimHttp.get(klines).statusCode()).isEqualTo(200);
    }

    @Test
    void delayHoldsTheAnswerThenServesItNormally() {
        sim.faults().enqueue("/fapi/v1/klines", Fault.delay(Duration.ofMillis(400)));
        long started = System.nanoTime();
        HttpResponse<String> response = SimHttp.get(klines);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(SimHttp.parse(response.body())).hasSize(20);
    }

    @Test
    void slowBodyArrivesCompleteButSpreadOverTheDuration() {
        String expected = SimHttp.get(klines).body();
        sim.faults().enqueue("/fapi/v1/klines", Fault.slowBody(Duration.ofMillis(500)));
        long started = System.nanoTime();
        HttpResponse<String> response = SimHttp.get(klines);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(450));
        assertThat(response.body()).isEqualTo(expected);
    }

    @Test
    void requestLogRecordsArrivalPathQueryStatusAndFault() {
        Instant before = Instant.now();
        sim.faults().enqueue("/fapi/v1/klines", Fault.status(503));
        SimHttp.get(klines);
        SimHttp.get(klines + "&startTime=1700000000000");
        SimHttp.get(sim.baseUrl() + "/fapi/v1/klines?symbol=NOPE&interval=1h");
        SimHttp.get(sim.baseUrl() + "/no/such/endpoint");
        List<LoggedRequest> log = sim.requests().matching("/fapi/v1/klines");
        assertThat(log).extracting(LoggedRequest::status).containsExactly(503, 200, 400);
        assertThat(log.get(0).fault()).isEqualTo("status 503");
        assertThat(log.get(1).fault()).isNull();
        assertThat(log.get(1).param("startTime")).isEqualTo("1700000000000");
        assertThat(log.get(1).query()).contains("interval=15m");
        assertThat(log).allSatisfy(r -> assertThat(r.arrivedAt()).isBetween(before, Instant.now()));
        assertThat(sim.requests().all()).hasSize(4);
        assertThat(sim.requests().all().get(3).status()).isEqualTo(404);
        assertThat(sim.requests().between("/fapi", before, Instant.now().plusSeconds(1))).hasSize(3);
        sim.requests().clear();
        assertThat(sim.requests().all()).isEmpty();
    }

    @Test
    void bannerNamesTheSimulatorAndTheEnvironmentVariables() {
        String banner = ExchangeSimulatorMain.banner(sim, 42, 2);
        assertThat(banner).contains("EXCHANGE SIMULATOR")
                .contains("BINANCE_FUTURES_REST_URL=" + sim.baseUrl())
                .contains("BINANCE_FUTURES_WS_URL=" + sim.wsBaseUrl() + "/market\n")
                .contains("BYBIT_WS_URL=" + sim.wsBaseUrl() + "/v5/public/linear\n")
                .contains("BITGET_WS_URL=" + sim.wsBaseUrl() + "/v2/ws/public\n")
                .contains("BYBIT_REST_URL=").contains("BITGET_REST_URL=").contains("BINANCE_SPOT_REST_URL=");
    }
}
