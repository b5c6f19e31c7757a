package io.cryptoflow.simulator.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptoflow.simulator.ManualClock;
import io.cryptoflow.simulator.http.Route;
import io.cryptoflow.simulator.http.SimRequest;
import io.cryptoflow.simulator.http.SimResponse;
import io.cryptoflow.simulator.limits.RequestCountLimiter;
import io.cryptoflow.simulator.market.DerivativesSeries;
import io.cryptoflow.simulator.market.MarketData;
import io.cryptoflow.simulator.market.SymbolSpec;
import io.cryptoflow.simulator.market.TradeTape;
import io.cryptoflow.simulator.market.Venue;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The open-interest and funding endpoints' shapes, limits, windows and paging, against the series. */
class DerivativesRoutesTest {

    static final long MIN = 60_000L;
    static final long DAY = 1440 * MIN;
    static final Instant NOW = Instant.parse("2025-03-05T06:02:00Z");
    static final long LISTED = Instant.parse("2024-12-01T00:00:00Z").toEpochMilli();
    static final ObjectMapper JSON = new ObjectMapper();

    final ManualClock clock = new ManualClock(NOW);
    final Map<Venue, TradeTape> tapes = new EnumMap<>(Venue.class);
    final MarketData data = marketData();
    final RequestCountLimiter open = new RequestCountLimiter(1000, Duration.ofMinutes(5), false, clock);
    final BybitGate bybitGate = new BybitGate(open, null, clock);

    MarketData marketData() {
        Map<Venue, Map<String, TradeTape>> all = new EnumMap<>(Venue.class);
        for (Venue v : Venue.values()) {
            TradeTape tape = new TradeTape(42, v, SymbolSpec.defaultFor("BTCUSDT"), LISTED, LISTED, 2, 2);
            tapes.put(v, tape);
            all.put(v, Map.of("BTCUSDT", tape));
        }
        return new MarketData(clock, all, 64);
    }

    static JsonNode call(Route route, String path, String... params) throws IOException {
        SimResponse response = raw(route, path, params);
        assertThat(response.status()).as(path + " " + List.of(params)).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    static SimResponse raw(Route route, String path, String... params) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            map.put(params[i], params[i + 1]);
        }
        assertThat(route.matches(path)).isTrue();
        return route.handle(new SimRequest(NOW, path, "", map));
    }

    DerivativesSeries series(Venue venue) {
        return new DerivativesSeries(tapes.get(venue));
    }

    @Test
    void binanceOpenInterestHistKeepsThirtyDaysCapsTheLimitAndEqualsTheSeries() throws IOException {
        Route route = new BinanceDerivativesRoutes(data, open, open);
        long now = NOW.toEpochMilli();
        JsonNode rows = call(route, "/futures/data/openInterestHist", "symbol", "BTCUSDT", "period", "5m",
                "limit", "500", "startTime", Long.toString(now - 40 * DAY));
        assertThat(rows.size()).isEqualTo(500);
        long first = rows.get(0).get("timestamp").asLong();
        assertThat(first).isGreaterThanOrEqualTo(now - 30 * DAY).isLessThan(now - 30 * DAY + 5 * MIN);
        DerivativesSeries s = series(Venue.BINANCE_FUTURES);
        for (JsonNode row : rows) {
            DerivativesSeries.OpenInterest oi = s.openInterestAt(row.get("timestamp").asLong());
            assertThat(new BigDecimal(row.get("sumOpenInterest").asText())).isEqualTo(oi.size());
            assertThat(new BigDecimal(row.get("sumOpenInterestValue").asText())).isEqualTo(oi.value());
        }
        assertThat(rows.get(1).get("timestamp").asLong() - first).isEqualTo(5 * MIN);
        assertThat(raw(route, "/futures/data/openInterestHist", "symbol", "BTCUSDT", "period", "5m", "limit", "501")
                .status()).isEqualTo(400);
        assertThat(raw(route, "/futures/data/openInterestHist", "symbol", "BTCUSDT", "period", "1m").status())
                .isEqualTo(400);
        JsonNode newest = call(route, "/futures/data/openInterestHist", "symbol", "BTCUSDT", "period", "5m");
        assertThat(newest.size()).isEqualTo(30);
        assertThat(newest.get(29).get("timestamp").asLong()).isEqualTo(Math.floorDiv(now, 5 * MIN) * 5 * MIN);
    }

    @Test
    void binanceFundingRatePagesForwardFromStartTimeWithMarkPrice() throws IOException {
        Route route = new BinanceDerivativesRoutes(data, open, open);
        JsonNode rows = call(route, "/fapi/v1/fundingRate", "symbol", "BTCUSDT", "startTime", "0", "limit", "1000");
        assertThat(rows.get(0).get("fundingTime").asLong()).isEqualTo(LISTED);
        long last = Instant.parse("2025-03-05T00:00:00Z").toEpochMilli();
        assertThat(rows.get(rows.size() - 1).get("fundingTime").asLong()).isEqualTo(last);
        assertThat(rows.size()).isEqualTo((int) ((last - LISTED) / (8 * 60 * MIN)) + 1);
        DerivativesSeries.Funding f = series(Venue.BINANCE_FUTURES).fundingAt(last);
        assertThat(new BigDecimal(rows.get(rows.size() - 1).get("fundingRate").asText())).isEqualTo(f.rate());
        assertThat(new BigDecimal(rows.get(rows.size() - 1).get("markPrice").asText())).isEqualTo(f.markPrice());
        assertThat(raw(route, "/fapi/v1/fundingRate", "symbol", "BTCUSDT", "limit", "1001").status()).isEqualTo(400);
        JsonNode premium = call(route, "/fapi/v1/premiumIndex", "symbol", "BTCUSDT");
        assertThat(premium.get("nextFundingTime").asLong()).isEqualTo(last + 8 * 60 * MIN);
    }

    @Test
    void bybitOpenInterestIsNewestFirstAndTheCursorWalksBackWithoutHoles() throws IOException {
        Route route = new BybitDerivativesRoutes(data, bybitGate);
        List<Long> times = new ArrayList<>();
        String cursor = "";
        long from = NOW.toEpochMilli() - 2 * DAY;
        do {
            JsonNode result = call(route, "/v5/market/open-interest", "category", "linear", "symbol", "BTCUSDT",
                    "intervalTime", "5min", "limit", "500", "startTime", Long.toString(from), "cursor", cursor)
                    .get("result");
            assertThat(result.get("list").size()).isLessThanOrEqualTo(200);
            DerivativesSeries s = series(Venue.BYBIT_LINEAR);
            for (JsonNode row : result.get("list")) {
                long t = row.get("timestamp").asLong();
                times.add(t);
                assertThat(new BigDecimal(row.get("openInterest").asText())).isEqualTo(s.openInterestAt(t).size());
            }
            cursor = result.get("nextPageCursor").asText();
        } while (!cursor.isEmpty());
        assertThat(times).hasSize(2 * 288);
        for (int i = 1; i < times.size(); i++) {
            assertThat(times.get(i - 1) - times.get(i)).isEqualTo(5 * MIN);
        }
        JsonNode spot = call(route, "/v5/market/open-interest", "category", "spot", "symbol", "BTCUSDT",
                "intervalTime", "5min");
        assertThat(spot.get("retCode").asInt()).isEqualTo(10001);
    }

    @Test
    void bybitFundingHistoryPagesBackwardsByEndTimeAndRefusesStartTimeAlone() throws IOException {
        Route route = new BybitDerivativesRoutes(data, bybitGate);
        JsonNode list = call(route, "/v5/market/funding/history", "category", "linear", "symbol", "BTCUSDT")
                .get("result").get("list");
        assertThat(list.size()).isEqualTo(200);
        long newest = list.get(0).get("fundingRateTimestamp").asLong();
        assertThat(newest).isEqualTo(Instant.parse("2025-03-05T00:00:00Z").toEpochMilli());
        long oldest = list.get(199).get("fundingRateTimestamp").asLong();
        JsonNode older = call(route, "/v5/market/funding/history", "category", "linear", "symbol", "BTCUSDT",
                "endTime", Long.toString(oldest - 1)).get("result").get("list");
        assertThat(older.get(0).get("fundingRateTimestamp").asLong()).isEqualTo(oldest - 8 * 60 * MIN);
        assertThat(older.get(older.size() - 1).get("fundingRateTimestamp").asLong()).isEqualTo(LISTED);
        assertThat(call(route, "/v5/market/funding/history", "category", "linear", "symbol", "BTCUSDT",
                "startTime", "0").get("retCode").asInt()).isEqualTo(10001);
    }

    @Test
    void bitgetHasOnlyTheCurrentOpenInterestAndPagedFundingHistory() throws IOException {
        Route route = new BitgetDerivativesRoutes(data, open);
        JsonNode oi = call(route, "/api/v2/mix/market/open-interest", "symbol", "BTCUSDT", "productType", "USDT-FUTURES")
                .get("data");
        assertThat(oi.get("ts").asLong()).isEqualTo(NOW.toEpochMilli());
        assertThat(new BigDecimal(oi.get("openInterestList").get(0).get("size").asText()))
                .isEqualTo(series(Venue.BITGET_FUTURES).openInterestAt(NOW.toEpochMilli()).size());
        JsonNode page1 = call(route, "/api/v2/mix/market/history-fund-rate", "symbol", "BTCUSDT",
                "productType", "USDT-FUTURES", "pageSize", "100", "pageNo", "1").get("data");
        JsonNode page2 = call(route, "/api/v2/mix/market/history-fund-rate", "symbol", "BTCUSDT",
                "productType", "USDT-FUTURES", "pageSize", "100", "pageNo", "2").get("data");
        assertThat(page1.size()).isEqualTo(100);
        assertThat(page1.get(99).get("fundingTime").asLong() - page2.get(0).get("fundingTime").asLong())
                .isEqualTo(8 * 60 * MIN);
        assertThat(raw(route, "/api/v2/mix/market/history-fund-rate", "symbol", "BTCUSDT",
                "productType", "USDT-FUTURES", "pageSize", "101").status()).isEqualTo(400);
        assertThat(raw(route, "/api/v2/mix/market/open-interest", "symbol", "BTCUSDT", "productType", "SPOT")
                .status()).isEqualTo(400);
    }
}
