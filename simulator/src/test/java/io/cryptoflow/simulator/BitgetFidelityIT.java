package io.cryptoflow.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Bitget behaviours the collector must cope with, each as Bitget documents it (see BitgetRoutes). */
class BitgetFidelityIT {

    static final Instant NOW = Instant.parse("2026-02-01T08:20:00Z");
    static final long HOUR = 3_600_000L;
    static final long DAY = 24 * HOUR;
    static ExchangeSimulator sim;

    @BeforeAll
    static void start() {
        sim = ExchangeSimulator.builder().clock(new ManualClock(NOW)).enforceRateLimits(false)
                .symbols("BTCUSDT").start();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static String url(String endpoint, String query) {
        return sim.baseUrl() + "/api/v2/mix/market/" + endpoint + "?symbol=BTCUSDT&productType=USDT-FUTURES&" + query;
    }

    @Test
    void dailyBarsOpenAtUtcPlus8MidnightUnlessUtcCodeIsUsed() {
        JsonNode plain = SimHttp.json(url("candles", "granularity=1D&limit=2")).get("data");
        JsonNode utc = SimHttp.json(url("candles", "granularity=1Dutc&limit=2")).get("data");
        assertThat(plain.get(1).get(0).asLong()).isEqualTo(Instant.parse("2026-01-31T16:00:00Z").toEpochMilli());
        assertThat(utc.get(1).get(0).asLong()).isEqualTo(Instant.parse("2026-02-01T00:00:00Z").toEpochMilli());
        assertThat(utc.get(0).get(0).asLong()).isEqualTo(Instant.parse("2026-01-31T00:00:00Z").toEpochMilli());
    }

    @Test
    void recentEndpointServesNothingBeyondItsWindowButHistoryDoes() {
        long end = NOW.toEpochMilli() - 40 * DAY - 5 * 60_000L; // 08:15, on the 15m grid
        String range = "granularity=15m&startTime=" + (end - DAY) + "&endTime=" + end + "&limit=200";
        assertThat(SimHttp.json(url("candles", range)).get("data")).isEmpty();
        JsonNode history = SimHttp.json(url("history-candles", range)).get("data");
        assertThat(history).hasSize(96);
        assertThat(history.get(95).get(0).asLong()).isEqualTo(end - 15 * 60_000L); // endTime exclusive
        assertThat(history.get(0).get(0).asLong()).isEqualTo(end - DAY);
        // 1H reaches 60 days on /candles, 4H further
        long h1 = NOW.toEpochMilli() - 59 * DAY;
        assertThat(SimHttp.json(url("candles", "granularity=1H&startTime=" + h1 + "&endTime=" + (h1 + 2 * HOUR)))
                .get("data")).hasSize(2);
        assertThat(SimHttp.json(url("candles", "granularity=1H&startTime=" + (h1 - 2 * DAY) + "&endTime="
                + (h1 - 2 * DAY + 2 * HOUR))).get("data")).isEmpty();
    }

    @Test
    void historyPagesAtMost200AndSpansOver90DaysAreRefused() {
        HttpResponse<String> tooMany = SimHttp.get(url("history-candles", "granularity=1H&limit=201"));
        assertThat(tooMany.statusCode()).isEqualTo(400);
        JsonNode page = SimHttp.json(url("history-candles", "granularity=1H&limit=200&endTime=" + NOW.toEpochMilli()));
        assertThat(page.get("data")).hasSize(200);
        long end = NOW.toEpochMilli();
        HttpResponse<String> span = SimHttp.get(url("history-candles", "granularity=4H&startTime=" + (end - 91 * DAY)
                + "&endTime=" + end));
        assertThat(span.statusCode()).isEqualTo(400);
        assertThat(SimHttp.parse(span.body()).get("code").asText()).isEqualTo("40017");
        HttpResponse<String> recentSpan = SimHttp.get(url("candles", "granularity=1Dutc&startTime=" + (end - 120 * DAY)
                + "&endTime=" + end));
        assertThat(recentSpan.statusCode()).isEqualTo(400);
        assertThat(SimHttp.get(url("candles", "granularity=1Dutc&startTime=" + (end - 90 * DAY) + "&endTime=" + end))
                .statusCode()).isEqualTo(200);
    }

    @Test
    void fillsHistoryPagesBackwardsNewestFirstWithIdLessThan() {
        long end = NOW.toEpochMilli() - 3 * HOUR;
        String range = "startTime=" + (end - 2 * HOUR) + "&endTime=" + end + "&limit=100";
        JsonNode first = SimHttp.json(url("fills-history", range)).get("data");
        assertThat(first).hasSize(100);
        long newestId = first.get(0).get("tradeId").asLong();
        long oldestId = first.get(99).get("tradeId").asLong();
        assertThat(newestId).isGreaterThan(oldestId);
        assertThat(first.get(0).get("ts").asLong()).isLessThanOrEqualTo(end);
        JsonNode next = SimHttp.json(url("fills-history", range + "&idLessThan=" + oldestId)).get("data");
        assertThat(next.get(0).get("tradeId").asLong()).isEqualTo(oldestId - 1);
        // 90 days back answer (www.bitget.com), beyond that Bitget's own refusal (43111)
        assertThat(SimHttp.get(url("fills-history", "startTime=" + (end - 8 * DAY) + "&endTime=" + (end - 8 * DAY + HOUR)))
                .statusCode()).isEqualTo(200);
        HttpResponse<String> beyond = SimHttp.get(url("fills-history", "startTime=" + (end - 91 * DAY) + "&endTime=" + end));
        assertThat(beyond.statusCode()).isEqualTo(400);
        assertThat(SimHttp.parse(beyond.body()).get("code").asText()).isEqualTo("43111");
        assertThat(SimHttp.get(url("fills", "limit=101")).statusCode()).isEqualTo(400);
        assertThat(SimHttp.json(url("fills", "limit=100")).get("data")).hasSize(100);
    }
}
