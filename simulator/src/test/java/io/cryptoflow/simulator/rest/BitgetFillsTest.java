package io.cryptoflow.simulator.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptoflow.simulator.ExchangeSimulator;
import io.cryptoflow.simulator.ManualClock;
import io.cryptoflow.simulator.http.SimRequest;
import io.cryptoflow.simulator.http.SimResponse;
import io.cryptoflow.simulator.limits.RequestCountLimiter;
import io.cryptoflow.simulator.market.MarketData;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bitget REST trades as Bitget serves them: ts in whole seconds, history as deep as the exchange answers. */
class BitgetFillsTest {

    static final Instant NOW = Instant.parse("2026-02-01T08:20:00Z");
    static final long DAY = 86_400_000L;
    static final MarketData DATA = ExchangeSimulator.builder().clock(new ManualClock(NOW)).liveSince(NOW.minusSeconds(3600))
            .symbols("BTCUSDT").build().marketData();
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void restTradeTimesAreWholeSecondsByDefaultAndMillisecondsWhenAsked() throws Exception {
        JsonNode seconds = json(routes(false).handle(request(Map.of("limit", "1000"))));
        JsonNode millis = json(routes(true).handle(request(Map.of("limit", "1000"))));
        assertThat(seconds.path("data").size()).isEqualTo(1000);
        boolean anyMillisecondPart = false;
        for (int i = 0; i < 1000; i++) {
            long s = seconds.path("data").get(i).path("ts").asLong();
            long ms = millis.path("data").get(i).path("ts").asLong();
            assertThat(seconds.path("data").get(i).path("tradeId").asText())
                    .isEqualTo(millis.path("data").get(i).path("tradeId").asText());
            assertThat(s % 1000).isZero();
            assertThat(s).isEqualTo(ms / 1000 * 1000);
            anyMillisecondPart |= ms % 1000 != 0;
        }
        assertThat(anyMillisecondPart).as("the tape has trades inside a second").isTrue();
    }

    @Test
    void fillsHistoryAnswersNinetyDaysBackAndRefusesBeyondWithBitgetsCode() throws Exception {
        long now = NOW.toEpochMilli();
        SimResponse inside = routes(false).handle(request(Map.of("startTime", Long.toString(now - 89 * DAY),
                "endTime", Long.toString(now - 89 * DAY + 3_600_000L), "limit", "10")));
        assertThat(inside.status()).isEqualTo(200);
        assertThat(json(inside).path("data").size()).isEqualTo(10);

        SimResponse beyond = routes(false).handle(request(Map.of("startTime", Long.toString(now - 91 * DAY),
                "endTime", Long.toString(now - 91 * DAY + 3_600_000L))));
        assertThat(beyond.status()).isEqualTo(400);
        assertThat(json(beyond).path("code").asText()).isEqualTo("43111");
        assertThat(json(beyond).path("msg").asText()).isEqualTo("param error time range illegal");

        SimResponse mirrorDepth = new BitgetFillsRoutes(DATA, unlimited(), Duration.ofDays(7), false)
                .handle(request(Map.of("startTime", Long.toString(now - 8 * DAY), "endTime", Long.toString(now - 8 * DAY + 60_000))));
        assertThat(mirrorDepth.status()).isEqualTo(400);
    }

    @Test
    void pagingBackwardsByIdStopsAtTheDepthWithAnEmptyPage() throws Exception {
        BitgetFillsRoutes shallow = new BitgetFillsRoutes(DATA, unlimited(), Duration.ofHours(2), false);
        JsonNode newest = json(shallow.handle(request(Map.of("limit", "1"))));
        long newestId = newest.path("data").get(0).path("tradeId").asLong();
        JsonNode page = json(shallow.handle(request(Map.of("idLessThan", Long.toString(newestId), "limit", "1000"))));
        long oldestTs = page.path("data").get(page.path("data").size() - 1).path("ts").asLong();
        assertThat(oldestTs).isGreaterThanOrEqualTo(NOW.toEpochMilli() - 2 * 3_600_000L - 1000);
    }

    private static BitgetFillsRoutes routes(boolean millis) {
        return new BitgetFillsRoutes(DATA, unlimited(), Duration.ofDays(90), millis);
    }

    private static RequestCountLimiter unlimited() {
        return RequestCountLimiter.fixed(1, Duration.ofSeconds(1), false, Clock.systemUTC());
    }

    private static SimRequest request(Map<String, String> extra) {
        Map<String, String> params = new LinkedHashMap<>(Map.of("symbol", "BTCUSDT", "productType", "USDT-FUTURES"));
        params.putAll(extra);
        return new SimRequest(NOW, BitgetFillsRoutes.HISTORY, "", params);
    }

    private static JsonNode json(SimResponse response) throws Exception {
        return JSON.readTree(response.body());
    }
}
