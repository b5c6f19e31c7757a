package io.cryptoflow.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BinanceRateLimitIT {

    static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");

    @Test
    void overBudgetAnswers429WithRetryAfterThenA418BanForRequestsDuringTheWindow() {
        ManualClock wall = ManualClock.at("2026-11-26T10:00:10Z");
        try (ExchangeSimulator sim = ExchangeSimulator.builder().clock(new ManualClock(NOW)).wallClock(wall)
                .binanceFuturesWeightLimit(12).banDuration(Duration.ofSeconds(60)).start()) {
            String url = sim.baseUrl() + "/fapi/v1/klines?symbol=BTCUSDT&interval=1h&limit=500";
            assertThat(SimHttp.get(url).statusCode()).isEqualTo(200);
            assertThat(SimHttp.get(url).statusCode()).isEqualTo(200);

            HttpResponse<String> limited = SimHttp.get(url);
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.headers().firstValue("Retry-After")).hasValue("50");
            assertThat(limited.headers().firstValue("X-MBX-USED-WEIGHT-1M")).hasValue("10");
            assertThat(SimHttp.parse(limited.body()).get("code").asInt()).isEqualTo(-1003);

            wall.advance(Duration.ofSeconds(5));
            HttpResponse<String> banned = SimHttp.get(url);
            assertThat(banned.statusCode()).isEqualTo(418);
            assertThat(banned.headers().firstValue("Retry-After")).hasValue("60");

            // The ban outlives the minute window.
            wall.advance(Duration.ofSeconds(59));
            assertThat(SimHttp.get(url).statusCode()).isEqualTo(418);
            wall.advance(Duration.ofSeconds(2));
            assertThat(SimHttp.get(url).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aClientThatWaitsForRetryAfterIsServedAgainWithoutABan() {
        ManualClock wall = ManualClock.at("2026-11-26T10:00:50Z");
        try (ExchangeSimulator sim = ExchangeSimulator.builder().clock(new ManualClock(NOW)).wallClock(wall)
                .binanceFuturesWeightLimit(20).start()) {
            String url = sim.baseUrl() + "/fapi/v1/aggTrades?symbol=BTCUSDT&limit=10";
            assertThat(SimHttp.get(url).statusCode()).isEqualTo(200);
            HttpResponse<String> limited = SimHttp.get(url);
            assertThat(limited.statusCode()).isEqualTo(429);
            long retryAfter = Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
            assertThat(retryAfter).isEqualTo(10);
            wall.advance(Duration.ofSeconds(retryAfter));
            HttpResponse<String> after = SimHttp.get(url);
            assertThat(after.statusCode()).isEqualTo(200);
            assertThat(after.headers().firstValue("X-MBX-USED-WEIGHT-1M")).hasValue("20");
        }
    }

    @Test
    void spotHasItsOwnBudgetAndWeights() {
        ManualClock wall = ManualClock.at("2026-11-26T10:00:00Z");
        try (ExchangeSimulator sim = ExchangeSimulator.builder().clock(new ManualClock(NOW)).wallClock(wall)
                .binanceFuturesWeightLimit(1).binanceSpotWeightLimit(6).start()) {
            String spot = sim.baseUrl() + "/api/v3/klines?symbol=BTCUSDT&interval=1h&limit=1000";
            assertThat(SimHttp.get(spot).headers().firstValue("X-MBX-USED-WEIGHT-1M")).hasValue("2");
            assertThat(SimHttp.get(sim.baseUrl() + "/api/v3/aggTrades?symbol=BTCUSDT").headers()
                    .firstValue("X-MBX-USED-WEIGHT-1M")).hasValue("6");
            assertThat(SimHttp.get(spot).statusCode()).isEqualTo(429);
            assertThat(SimHttp.get(sim.baseUrl() + "/fapi/v1/klines?symbol=BTCUSDT&interval=1h&limit=10").statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void disabledLimitsStillReportTheWeightButNeverRefuse() {
        try (ExchangeSimulator sim = ExchangeSimulator.builder().clock(new ManualClock(NOW))
                .wallClock(ManualClock.at("2026-11-26T10:00:00Z"))
                .binanceFuturesWeightLimit(1).enforceRateLimits(false).start()) {
            String url = sim.baseUrl() + "/fapi/v1/klines?symbol=BTCUSDT&interval=1h&limit=1500";
            for (int i = 0; i < 3; i++) {
                assertThat(SimHttp.get(url).statusCode()).isEqualTo(200);
            }
            assertThat(SimHttp.get(url).headers().firstValue("X-MBX-USED-WEIGHT-1M")).hasValue("40");
        }
    }
}
