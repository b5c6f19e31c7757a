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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The order-flow contract: every kline is exactly the aggregate of the aggTrades in its interval. */
class KlinesMatchAggTradesIT {

    static final Instant NOW = Instant.parse("2026-05-20T17:47:31.250Z");
    static ExchangeSimulator sim;

    @BeforeAll
    static void start() {
        sim = ExchangeSimulator.builder().clock(new ManualClock(NOW)).seed(11).enforceRateLimits(false)
                .liveSince(Instant.parse("2026-05-20T12:00:00Z")).liveTradesPerMinute(30).start();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    /** All agg trades with T in [from, to], fetched the way a collector would: first page by time, then fromId. */
    static List<JsonNode> tradesBetween(String prefix, String symbol, long from, long to) {
        List<JsonNode> out = new ArrayList<>();
        JsonNode page = SimHttp.json(sim.baseUrl() + prefix + "aggTrades?symbol=" + symbol + "&limit=1000&startTime="
                + from + "&endTime=" + Math.min(to, from + 3_600_000L - 1));
        if (page.isEmpty()) {
            return out;
        }
        long nextId = page.get(0).get("a").asLong();
        while (true) {
            page = SimHttp.json(sim.baseUrl() + prefix + "aggTrades?symbol=" + symbol + "&limit=1000&fromId=" + nextId);
            for (JsonNode t : page) {
                if (t.get("T").asLong() > to) {
                    return out;
                }
                assertThat(t.get("a").asLong()).as("agg ids are gap-free").isEqualTo(nextId);
                out.add(t);
                nextId++;
            }
            if (page.size() < 1000) {
                return out;
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"/fapi/v1/, BTCUSDT, 15m, 900000, 3", "/fapi/v1/, SOLUSDT, 1h, 3600000, 2",
            "/fapi/v1/, ETHUSDT, 4h, 14400000, 2", "/fapi/v1/, BNBUSDT, 1d, 86400000, 2",
            "/api/v3/, BTCUSDT, 1h, 3600000, 2"})
    void klineFieldsEqualTheSumsOfTheirAggTrades(String prefix, String symbol, String interval, long ms, int count) {
        JsonNode rows = SimHttp.json(sim.baseUrl() + prefix + "klines?symbol=" + symbol + "&interval=" + interval
                + "&limit=" + count);
        assertThat(rows).hasSize(count);
        for (JsonNode row : rows) {
            long open = row.get(0).asLong();
            List<JsonNode> trades = tradesBetween(prefix, symbol, open, Math.min(open + ms - 1, NOW.toEpochMilli()));
            assertThat(trades).isNotEmpty();
            BigDecimal volume = BigDecimal.ZERO;
            BigDecimal buy = BigDecimal.ZERO;
            BigDecimal quote = BigDecimal.ZERO;
            BigDecimal buyQuote = BigDecimal.ZERO;
            BigDecimal high = null;
            BigDecimal low = null;
            long rawTrades = 0;
            for (JsonNode t : trades) {
                BigDecimal p = new BigDecimal(t.get("p").asText());
                BigDecimal q = new BigDecimal(t.get("q").asText());
                volume = volume.add(q);
                quote = quote.add(p.multiply(q));
                if (!t.get("m").asBoolean()) {
                    buy = buy.add(q);
                    buyQuote = buyQuote.add(p.multiply(q));
                }
                high = high == null ? p : high.max(p);
                low = low == null ? p : low.min(p);
                rawTrades += t.get("l").asLong() - t.get("f").asLong() + 1;
            }
            assertThat(dec(row, 1)).isEqualByComparingTo(trades.get(0).get("p").asText());
            assertThat(dec(row, 2)).isEqualByComparingTo(high);
            assertThat(dec(row, 3)).isEqualByComparingTo(low);
            assertThat(dec(row, 4)).isEqualByComparingTo(trades.get(trades.size() - 1).get("p").asText());
            assertThat(dec(row, 5)).isEqualByComparingTo(volume);
            assertThat(dec(row, 7)).isEqualByComparingTo(quote);
            assertThat(row.get(8).asLong()).isEqualTo(rawTrades);
            assertThat(dec(row, 9)).isEqualByComparingTo(buy);
            assertThat(dec(row, 10)).isEqualByComparingTo(buyQuote);
        }
    }

    @Test
    void theFormingCandleHoldsExactlyTheTradesUpToNow() {
        JsonNode forming = SimHttp.json(sim.baseUrl() + "/fapi/v1/klines?symbol=BTCUSDT&interval=1h&limit=1").get(0);
        long open = forming.get(0).asLong();
        assertThat(open).isEqualTo(Instant.parse("2026-05-20T17:00:00Z").toEpochMilli());
        List<JsonNode> trades = tradesBetween("/fapi/v1/", "BTCUSDT", open, Long.MAX_VALUE / 2);
        assertThat(trades.get(trades.size() - 1).get("T").asLong()).isLessThanOrEqualTo(NOW.toEpochMilli());
        BigDecimal volume = trades.stream().map(t -> new BigDecimal(t.get("q").asText()))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(dec(forming, 5)).isEqualByComparingTo(volume);
        // The live rate (30/min since 12:00) applies: 47 full minutes plus part of the 48th.
        assertThat(trades.size()).isBetween(47 * 30, 48 * 30);
    }

    @Test
    void aggTradesPagingRules() {
        String base = sim.baseUrl() + "/fapi/v1/aggTrades?symbol=ETHUSDT";
        JsonNode newest = SimHttp.json(base + "&limit=5");
        assertThat(newest).hasSize(5);
        assertThat(newest.get(4).get("T").asLong()).isLessThanOrEqualTo(NOW.toEpochMilli());
        long lastId = newest.get(4).get("a").asLong();
        assertThat(SimHttp.json(base + "&fromId=" + (lastId + 1))).isEmpty();
        JsonNode fromId = SimHttp.json(base + "&fromId=" + (lastId - 1));
        assertThat(fromId).hasSize(2);
        assertThat(fromId.get(1)).isEqualTo(newest.get(4));
        JsonNode first = newest.get(0);
        assertThat(first.fieldNames()).toIterable().containsExactly("a", "p", "q", "f", "l", "T", "m");
        assertThat(first.get("p").isTextual()).isTrue();
        assertThat(first.get("q").isTextual()).isTrue();

        HttpResponse<String> span = SimHttp.get(base + "&startTime=0&endTime=3600001");
        assertThat(span.statusCode()).isEqualTo(400);
        assertThat(SimHttp.parse(span.body()).get("code").asInt()).isEqualTo(-1127);
        HttpResponse<String> combo = SimHttp.get(base + "&fromId=5&startTime=0");
        assertThat(SimHttp.parse(combo.body()).get("code").asInt()).isEqualTo(-1128);
        JsonNode spot = SimHttp.json(sim.baseUrl() + "/api/v3/aggTrades?symbol=ETHUSDT&limit=1").get(0);
        assertThat(spot.has("M")).isTrue();
    }

    private static BigDecimal dec(JsonNode row, int index) {
        return new BigDecimal(row.get(index).asText());
    }
}
