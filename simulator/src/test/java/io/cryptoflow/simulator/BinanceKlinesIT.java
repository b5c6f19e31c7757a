package io.cryptoflow.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BinanceKlinesIT {

    static final Instant NOW = Instant.parse("2026-03-10T12:34:56.789Z");
    static final long HOUR = 3_600_000L;
    static ExchangeSimulator sim;

    @BeforeAll
    static void start() {
        sim = ExchangeSimulator.builder().clock(new ManualClock(NOW)).seed(7)
                .listedSince("SOLUSDT", Instant.parse("2026-03-01T00:00:00Z").toEpochMilli())
                .enforceRateLimits(false).start();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static JsonNode klines(String query) {
        return SimHttp.json(sim.baseUrl() + "/fapi/v1/klines?" + query);
    }

    @Test
    void klinesAreTwelveFieldArraysWithStringNumbersOldestFirst() {
        JsonNode rows = klines("symbol=BTCUSDT&interval=1h&limit=5&startTime=" + (NOW.toEpochMilli() - 10 * HOUR));
        assertThat(rows).hasSize(5);
        long previous = Long.MIN_VALUE;
        for (JsonNode row : rows) {
            assertThat(row).hasSize(12);
            assertThat(row.get(0).isIntegralNumber()).isTrue();
            assertThat(row.get(6).isIntegralNumber()).isTrue();
            assertThat(row.get(8).isIntegralNumber()).isTrue();
            for (int i : new int[] {1, 2, 3, 4, 5, 7, 9, 10, 11}) {
                assertThat(row.get(i).isTextual()).as("field %d is a string", i).isTrue();
            }
            long open = row.get(0).asLong();
            assertThat(open % HOUR).isZero();
            assertThat(open).isGreaterThan(previous);
            assertThat(row.get(6).asLong()).isEqualTo(open + HOUR - 1);
            BigDecimal high = new BigDecimal(row.get(2).asText());
            BigDecimal low = new BigDecimal(row.get(3).asText());
            assertThat(high).isGreaterThanOrEqualTo(new BigDecimal(row.get(1).asText()).max(new BigDecimal(row.get(4).asText())));
            assertThat(low).isLessThanOrEqualTo(new BigDecimal(row.get(1).asText()).min(new BigDecimal(row.get(4).asText())));
            assertThat(new BigDecimal(row.get(9).asText())).isLessThanOrEqualTo(new BigDecimal(row.get(5).asText()));
            assertThat(low.doubleValue()).isBetween(15_000.0, 240_000.0);
            previous = open;
        }
    }

    @Test
    void sameSeedServesIdenticalDataAndAnotherSeedDiffers() {
        String query = "/fapi/v1/klines?symbol=ETHUSDT&interval=15m&limit=50&endTime=" + NOW.toEpochMilli();
        try (ExchangeSimulator twin = ExchangeSimulator.builder().clock(new ManualClock(NOW)).seed(7).start();
             ExchangeSimulator other = ExchangeSimulator.builder().clock(new ManualClock(NOW)).seed(8).start()) {
            String mine = SimHttp.get(sim.baseUrl() + query).body();
            assertThat(SimHttp.get(twin.baseUrl() + query).body()).isEqualTo(mine);
            assertThat(SimHttp.get(other.baseUrl() + query).body()).isNotEqualTo(mine);
        }
    }

    @Test
    void onlyEndTimeReturnsTheNewestRowsUpToIt() {
        long end = NOW.toEpochMilli() - 5 * HOUR;
        JsonNode rows = klines("symbol=BTCUSDT&interval=1h&limit=3&endTime=" + end);
        assertThat(rows).hasSize(3);
        assertThat(rows.get(2).get(0).asLong()).isEqualTo(end / HOUR * HOUR);
        assertThat(rows.get(0).get(0).asLong()).isEqualTo(end / HOUR * HOUR - 2 * HOUR);
    }

    @Test
    void noTimeParametersReturnTheNewestRowsEndingWithTheFormingCandle() {
        JsonNode rows = klines("symbol=BTCUSDT&interval=15m&limit=4");
        long formingOpen = NOW.toEpochMilli() / 900_000 * 900_000;
        assertThat(rows).hasSize(4);
        assertThat(rows.get(3).get(0).asLong()).isEqualTo(formingOpen);
        assertThat(rows.get(3).get(6).asLong()).isGreaterThan(NOW.toEpochMilli());
    }

    @Test
    void nothingIsServedAfterTheClocksNow() {
        JsonNode rows = klines("symbol=BTCUSDT&interval=1d&startTime=" + (NOW.toEpochMilli() + HOUR));
        assertThat(rows).isEmpty();
    }

    @Test
    void pagingForwardWithStartTimeJoinsWithoutGapOrOverlapAndStopsAtNow() {
        long start = NOW.toEpochMilli() - 4000L * 900_000;
        List<Long> opens = new ArrayList<>();
        long cursor = start;
        int pages = 0;
        while (true) {
            JsonNode page = klines("symbol=ETHUSDT&interval=15m&limit=1500&startTime=" + cursor);
            pages++;
            page.forEach(r -> opens.add(r.get(0).asLong()));
            if (page.size() < 1500) {
                break;
            }
            cursor = page.get(page.size() - 1).get(0).asLong() + 1;
        }
        assertThat(pages).isEqualTo(3);
        assertThat(opens).hasSize(4000);
        for (int i = 1; i < opens.size(); i++) {
            assertThat(opens.get(i) - opens.get(i - 1)).isEqualTo(900_000L);
        }
        assertThat(opens.get(opens.size() - 1)).isEqualTo(NOW.toEpochMilli() / 900_000 * 900_000);
    }

    @Test
    void limitAboveTheMarketMaximumIsRejectedWithBinancesErrorShape() {
        HttpResponse<String> futures = SimHttp.get(sim.baseUrl() + "/fapi/v1/klines?symbol=BTCUSDT&interval=1h&limit=1501");
        assertThat(futures.statusCode()).isEqualTo(400);
        assertThat(SimHttp.parse(futures.body()).get("code").asInt()).isEqualTo(-1130);
        HttpResponse<String> spot = SimHttp.get(sim.baseUrl() + "/api/v3/klines?symbol=BTCUSDT&interval=1h&limit=1001");
        assertThat(spot.statusCode()).isEqualTo(400);
        assertThat(SimHttp.json(sim.baseUrl() + "/api/v3/klines?symbol=BTCUSDT&interval=1h&limit=1000")).hasSize(1000);
    }

    @Test
    void unknownSymbolAndIntervalGetBinanceErrors() {
        HttpResponse<String> symbol = SimHttp.get(sim.baseUrl() + "/fapi/v1/klines?symbol=NOPEUSDT&interval=1h");
        assertThat(symbol.statusCode()).isEqualTo(400);
        assertThat(SimHttp.parse(symbol.body()).get("code").asInt()).isEqualTo(-1121);
        assertThat(SimHttp.parse(symbol.body()).get("msg").asText()).isEqualTo("Invalid symbol.");
        HttpResponse<String> interval = SimHttp.get(sim.baseUrl() + "/fapi/v1/klines?symbol=BTCUSDT&interval=7m");
        assertThat(interval.statusCode()).isEqualTo(400);
        assertThat(SimHttp.parse(interval.body()).get("code").asInt()).isEqualTo(-1120);
        HttpResponse<String> missing = SimHttp.get(sim.baseUrl() + "/fapi/v1/klines?interval=1h");
        assertThat(SimHttp.parse(missing.body()).get("code").asInt()).isEqualTo(-1102);
        HttpResponse<String> garbage = SimHttp.get(sim.baseUrl() + "/fapi/v1/klines?symbol=BTCUSDT&interval=1h&startTime=abc");
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(SimHttp.parse(garbage.body()).get("code").asInt()).isEqualTo(-1100);
    }

    @Test
    void noCandlesBeforeTheListingTime() {
        long listing = Instant.parse("2026-03-01T00:00:00Z").toEpochMilli();
        JsonNode before = klines("symbol=SOLUSDT&interval=1d&startTime=" + (listing - 30L * 86_400_000) + "&endTime=" + (listing - 1));
        assertThat(before).isEmpty();
        JsonNode from = klines("symbol=SOLUSDT&interval=1d&limit=3&startTime=" + (listing - 30L * 86_400_000));
        assertThat(from.get(0).get(0).asLong()).isEqualTo(listing);
    }

    @Test
    void spotPrintsEightDecimalsLikeBinanceSpot() {
        JsonNode row = SimHttp.json(sim.baseUrl() + "/api/v3/klines?symbol=BTCUSDT&interval=1h&limit=1").get(0);
        assertThat(row).hasSize(12);
        assertThat(row.get(1).asText()).matches("\\d+\\.\\d{8}");
        assertThat(row.get(5).asText()).matches("\\d+\\.\\d{8}");
    }

    @Test
    void pingTimeAndExchangeInfoDescribeTheSimulatedMarket() {
        assertThat(SimHttp.json(sim.baseUrl() + "/fapi/v1/ping")).isEmpty();
        assertThat(SimHttp.json(sim.baseUrl() + "/fapi/v1/time").get("serverTime").asLong()).isEqualTo(NOW.toEpochMilli());
        JsonNode info = SimHttp.json(sim.baseUrl() + "/fapi/v1/exchangeInfo");
        List<String> symbols = new ArrayList<>();
        info.get("symbols").forEach(s -> symbols.add(s.get("symbol").asText()));
        assertThat(symbols).containsExactlyInAnyOrder("BTCUSDT", "ETHUSDT", "SOLUSDT", "BNBUSDT");
        JsonNode sol = info.get("symbols").findParents("symbol").stream()
                .filter(s -> s.get("symbol").asText().equals("SOLUSDT")).findFirst().orElseThrow();
        assertThat(sol.at("/filters/0/tickSize").asText()).isEqualTo("0.01");
        assertThat(SimHttp.json(sim.baseUrl() + "/v5/market/time").get("retCode").asInt()).isZero();
        assertThat(SimHttp.json(sim.baseUrl() + "/api/v2/public/time").get("code").asText()).isEqualTo("00000");
    }

    @Test
    void everyResponseCarriesTheUsedWeightHeaderByLimit() {
        try (ExchangeSimulator fresh = ExchangeSimulator.builder().clock(new ManualClock(NOW))
                .wallClock(ManualClock.at("2026-11-26T10:00:00Z")).start()) {
            String base = fresh.baseUrl() + "/fapi/v1/klines?symbol=BTCUSDT&interval=1h&limit=";
            assertThat(SimHttp.get(base + "99").headers().firstValue("X-MBX-USED-WEIGHT-1M")).hasValue("1");
            assertThat(SimHttp.get(base + "499").headers().firstValue("X-MBX-USED-WEIGHT-1M")).hasValue("3");
            assertThat(SimHttp.get(base + "1000").headers().firstValue("X-MBX-USED-WEIGHT-1M")).hasValue("8");
            assertThat(SimHttp.get(base + "1500").headers().firstValue("X-MBX-USED-WEIGHT-1M")).hasValue("18");
            HttpResponse<String> error = SimHttp.get(fresh.baseUrl() + "/fapi/v1/klines?symbol=XXXUSDT&interval=1h&limit=50");
            assertThat(error.headers().firstValue("X-MBX-USED-WEIGHT-1M")).hasValue("19");
        }
    }
}
