package io.cryptoflow.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BybitAndBitgetKlinesIT {

    static final Instant NOW = Instant.parse("2026-02-01T08:20:00Z");
    static final long HOUR = 3_600_000L;
    static ExchangeSimulator sim;

    @BeforeAll
    static void start() {
        sim = ExchangeSimulator.builder().clock(new ManualClock(NOW)).enforceRateLimits(false).start();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void bybitListIsNewestFirstWithSevenStringFields() {
        JsonNode body = SimHttp.json(sim.baseUrl() + "/v5/market/kline?category=linear&symbol=BTCUSDT&interval=60&limit=5");
        assertThat(body.get("retCode").asInt()).isZero();
        assertThat(body.get("retMsg").asText()).isEqualTo("OK");
        assertThat(body.at("/result/category").asText()).isEqualTo("linear");
        assertThat(body.at("/result/symbol").asText()).isEqualTo("BTCUSDT");
        JsonNode list = body.at("/result/list");
        assertThat(list).hasSize(5);
        assertThat(list.get(0).get(0).asText()).isEqualTo(Long.toString(NOW.toEpochMilli() / HOUR * HOUR));
        for (int i = 0; i < 5; i++) {
            assertThat(list.get(i)).hasSize(7);
            list.get(i).forEach(f -> assertThat(f.isTextual()).isTrue());
            if (i > 0) {
                assertThat(list.get(i).get(0).asLong()).isEqualTo(list.get(i - 1).get(0).asLong() - HOUR);
            }
        }
    }

    @Test
    void bybitPagesBackwardsWithEndAndDefaultsTo200() {
        String base = sim.baseUrl() + "/v5/market/kline?category=spot&symbol=ETHUSDT&interval=15";
        JsonNode first = SimHttp.json(base).at("/result/list");
        assertThat(first).hasSize(200);
        long oldest = first.get(199).get(0).asLong();
        JsonNode next = SimHttp.json(base + "&limit=1000&end=" + (oldest - 1)).at("/result/list");
        assertThat(next).hasSize(1000);
        assertThat(next.get(0).get(0).asLong()).isEqualTo(oldest - 900_000);
        JsonNode window = SimHttp.json(base + "&start=" + (oldest - 4 * 900_000) + "&end=" + oldest).at("/result/list");
        assertThat(window).hasSize(5);
    }

    @Test
    void bybitDailyIntervalAndErrorsAsRetCodes() {
        JsonNode daily = SimHttp.json(sim.baseUrl() + "/v5/market/kline?category=linear&symbol=SOLUSDT&interval=D&limit=2");
        assertThat(daily.at("/result/list/0/0").asLong() % 86_400_000L).isZero();
        HttpResponse<String> symbol = SimHttp.get(sim.baseUrl() + "/v5/market/kline?category=linear&symbol=FOOUSDT&interval=60");
        assertThat(symbol.statusCode()).isEqualTo(200);
        assertThat(SimHttp.parse(symbol.body()).get("retCode").asInt()).isEqualTo(10001);
        JsonNode interval = SimHttp.json(sim.baseUrl() + "/v5/market/kline?category=linear&symbol=BTCUSDT&interval=1h");
        assertThat(interval.get("retCode").asInt()).isEqualTo(10001);
        JsonNode category = SimHttp.json(sim.baseUrl() + "/v5/market/kline?category=option&symbol=BTCUSDT&interval=60");
        assertThat(category.get("retCode").asInt()).isEqualTo(10001);
    }

    @Test
    void bybitOverBudgetAnswersRetCode10006WithLimitHeadersWhenTheIpBanIsSwitchedOff() {
        ManualClock wall = ManualClock.at("2026-11-26T10:00:01Z");
        try (ExchangeSimulator limited = ExchangeSimulator.builder().clock(new ManualClock(NOW)).wallClock(wall)
                .bybitRequestLimit(2, Duration.ofSeconds(5)).bybitIpBan(null).start()) {
            String url = limited.baseUrl() + "/v5/market/kline?category=linear&symbol=BTCUSDT&interval=15&limit=1";
            HttpResponse<String> first = SimHttp.get(url);
            assertThat(first.headers().firstValue("X-Bapi-Limit-Status")).hasValue("1");
            SimHttp.get(url);
            HttpResponse<String> third = SimHttp.get(url);
            assertThat(SimHttp.parse(third.body()).get("retCode").asInt()).isEqualTo(10006);
            assertThat(third.headers().firstValue("X-Bapi-Limit-Status")).hasValue("0");
            assertThat(third.headers().firstValue("X-Bapi-Limit-Reset-Timestamp"))
                    .hasValue(Long.toString(Instant.parse("2026-11-26T10:00:06Z").toEpochMilli()));
            wall.advance(Duration.ofSeconds(4)); // a new calendar window, still the same rolling one
            assertThat(SimHttp.parse(SimHttp.get(url).body()).get("retCode").asInt()).isEqualTo(10006);
            wall.advance(Duration.ofSeconds(1));
            assertThat(SimHttp.parse(SimHttp.get(url).body()).get("retCode").asInt()).isZero();
        }
    }

    @Test
    void bybitIpBanAnswers403ForTheWholeBanWhenEnabled() {
        ManualClock wall = ManualClock.at("2026-11-26T10:00:01Z");
        try (ExchangeSimulator limited = ExchangeSimulator.builder().clock(new ManualClock(NOW)).wallClock(wall)
                .bybitRequestLimit(1, Duration.ofSeconds(5)).bybitIpBan(Duration.ofMinutes(10)).start()) {
            String url = limited.baseUrl() + "/v5/market/kline?category=linear&symbol=BTCUSDT&interval=15&limit=1";
            assertThat(SimHttp.get(url).statusCode()).isEqualTo(200);
            assertThat(SimHttp.get(url).statusCode()).isEqualTo(403);
            wall.advance(Duration.ofMinutes(9));
            assertThat(SimHttp.get(url).statusCode()).isEqualTo(403);
            wall.advance(Duration.ofMinutes(1));
            assertThat(SimHttp.get(url).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void bitgetCandlesAscendingWithCode00000() {
        JsonNode body = SimHttp.json(sim.baseUrl()
                + "/api/v2/mix/market/candles?symbol=BTCUSDT&productType=USDT-FUTURES&granularity=4H&limit=3");
        assertThat(body.get("code").asText()).isEqualTo("00000");
        assertThat(body.get("requestTime").asLong()).isEqualTo(NOW.toEpochMilli());
        JsonNode data = body.get("data");
        assertThat(data).hasSize(3);
        assertThat(data.get(2).get(0).asLong()).isEqualTo(NOW.toEpochMilli() / (4 * HOUR) * (4 * HOUR));
        assertThat(data.get(0).get(0).asLong()).isEqualTo(data.get(2).get(0).asLong() - 8 * HOUR);
        data.forEach(row -> {
            assertThat(row).hasSize(7);
            row.forEach(f -> assertThat(f.isTextual()).isTrue());
        });
        JsonNode window = SimHttp.json(sim.baseUrl() + "/api/v2/mix/market/candles?symbol=ETHUSDT&productType=usdt-futures"
                + "&granularity=15m&startTime=" + (NOW.toEpochMilli() - 2 * HOUR) + "&endTime=" + (NOW.toEpochMilli() - HOUR));
        assertThat(window.get("data")).hasSize(4);
        HttpResponse<String> bad = SimHttp.get(sim.baseUrl()
                + "/api/v2/mix/market/candles?symbol=BTCUSDT&productType=USDT-FUTURES&granularity=1h");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(SimHttp.parse(bad.body()).get("code").asText()).isNotEqualTo("00000");
    }

    @Test
    void marketsOfOneSymbolTrackEachOtherButAreDistinctTapes() {
        double binance = SimHttp.json(sim.baseUrl() + "/fapi/v1/klines?symbol=BTCUSDT&interval=1h&limit=1").get(0).get(4).asDouble();
        double bybit = SimHttp.json(sim.baseUrl() + "/v5/market/kline?category=linear&symbol=BTCUSDT&interval=60&limit=1")
                .at("/result/list/0/4").asDouble();
        assertThat(bybit).isCloseTo(binance, org.assertj.core.data.Percentage.withPercentage(1));
        assertThat(bybit).isNotEqualTo(binance);
    }
}
