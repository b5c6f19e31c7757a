package io.cryptoflow.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bybit: one IP ban for every endpoint, recent-trade limits per category, the spot archive layout. */
class BybitBansAndSpotIT {

    static final Instant NOW = Instant.parse("2026-02-01T08:20:00Z");
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

    @Test
    void recentTradesAreNewestFirstAndCappedPerCategory() {
        JsonNode linear = SimHttp.json(sim.baseUrl() + "/v5/market/recent-trade?category=linear&symbol=BTCUSDT&limit=5000")
                .at("/result/list");
        assertThat(linear).hasSize(1000);
        assertThat(linear.get(0).get("time").asLong()).isGreaterThanOrEqualTo(linear.get(999).get("time").asLong());
        JsonNode spot = SimHttp.json(sim.baseUrl() + "/v5/market/recent-trade?category=spot&symbol=BTCUSDT&limit=1000")
                .at("/result/list");
        assertThat(spot).hasSize(60);
        assertThat(spot.get(0).get("side").asText()).isIn("Buy", "Sell");
    }

    @Test
    void aBanRefusesKlinesAndTradesAlikeUntilItEnds() throws Exception {
        sim.banBybit(Duration.ofMillis(700));
        assertThat(SimHttp.get(sim.baseUrl() + "/v5/market/kline?category=linear&symbol=BTCUSDT&interval=60").statusCode())
                .isEqualTo(403);
        assertThat(SimHttp.get(sim.baseUrl() + "/v5/market/recent-trade?category=spot&symbol=BTCUSDT").statusCode())
                .isEqualTo(403);
        Thread.sleep(800);
        assertThat(SimHttp.get(sim.baseUrl() + "/v5/market/recent-trade?category=linear&symbol=BTCUSDT").statusCode())
                .isEqualTo(200);
    }

    @Test
    void spotArchiveHasItsOwnNameAndColumns() throws Exception {
        byte[] gz = SimHttp.getBytes(sim.baseUrl() + "/spot/BTCUSDT/BTCUSDT_2026-01-30.csv.gz").body();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(new ByteArrayInputStream(gz)),
                StandardCharsets.US_ASCII))) {
            assertThat(r.readLine()).isEqualTo("id,timestamp,price,volume,side");
            String[] row = r.readLine().split(",");
            assertThat(row).hasSize(5);
            assertThat(Long.parseLong(row[1])).isBetween(Instant.parse("2026-01-30T00:00:00Z").toEpochMilli(),
                    Instant.parse("2026-01-31T00:00:00Z").toEpochMilli() - 1);
            assertThat(row[4]).isIn("buy", "sell");
        }
        assertThat(SimHttp.getBytes(sim.baseUrl() + "/spot/BTCUSDT/BTCUSDT2026-01-30.csv.gz").statusCode()).isEqualTo(404);
    }
}
