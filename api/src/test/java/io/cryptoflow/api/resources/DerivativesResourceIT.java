package io.cryptoflow.api.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cryptoflow.api.ApiApplication;
import io.cryptoflow.api.ApiConfiguration;
import io.cryptoflow.api.support.ApiDbFixture;
import io.cryptoflow.api.support.Http;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.Timeframe;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code /api/open-interest} and {@code /api/funding}: ranges, limits, nulls kept null, 400s naming the parameter. */
@ExtendWith(DropwizardExtensionsSupport.class)
class DerivativesResourceIT {

    static final long T0 = 1_699_920_000_000L;
    static final long STEP = 300_000L;

    @TempDir
    static Path dataDir;

    static final DropwizardAppExtension<ApiConfiguration> APP = new DropwizardAppExtension<>(
            ApiApplication.class, ResourceHelpers.resourceFilePath("test-api.yml"),
            ConfigOverride.config("dataDir", () -> dataDir.toString()));

    static ApiDbFixture db;

    @BeforeAll
    static void createReplica() throws Exception {
        // a replica of a collector that has committed (at revision 0 no market is unknown yet: 503)
        db = ApiDbFixture.create(dataDir.resolve("api.db")).replica(1, 0, System.currentTimeMillis(), "snapshot");
        try (PreparedStatement oi = db.connection().prepareStatement(
                "INSERT INTO open_interest(symbol, time, oi, oi_value, rev) VALUES (?, ?, ?, ?, 1)");
             PreparedStatement funding = db.connection().prepareStatement(
                "INSERT INTO funding(symbol, time, rate, mark_price, rev) VALUES (?, ?, ?, ?, 1)")) {
            for (int i = 0; i < 10; i++) {
                oi.setString(1, "BINANCE:BTCUSDT");
                oi.setLong(2, T0 + i * STEP);
                oi.setDouble(3, 1000 + i);
                oi.setDouble(4, (1000 + i) * 37000.0);
                oi.executeUpdate();
                oi.setString(1, "BYBIT:BTCUSDT");
                oi.setObject(4, null);
                oi.executeUpdate();
            }
            funding.setString(1, "BINANCE:BTCUSDT");
            funding.setLong(2, T0);
            funding.setDouble(3, 0.0001);
            funding.setDouble(4, 37000.5);
            funding.executeUpdate();
            funding.setString(1, "BITGET:BTCUSDT");
            funding.setDouble(3, -0.00025);
            funding.setObject(4, null);
            funding.executeUpdate();
        }
    }

    @AfterAll
    static void closeFixture() throws Exception {
        db.close();
    }

    static Http.Reply get(String path) {
        return Http.get(APP.getLocalPort(), path);
    }

    @Test
    void openInterestIsOldestFirstWithinTheRangeAndTheNewestLimit() {
        Http.Reply reply = get("/api/open-interest?exchange=binance&symbol=btcusdt&from=" + (T0 + STEP)
                + "&to=" + (T0 + 8 * STEP) + "&limit=3");
        assertThat(reply.status()).isEqualTo(200);
        JsonNode points = reply.json().get("openInterest");
        assertThat(points).hasSize(3);
        assertThat(points.get(0).get("time").asLong()).isEqualTo(T0 + 6 * STEP);
        assertThat(points.get(2).get("time").asLong()).isEqualTo(T0 + 8 * STEP);
        assertThat(points.get(2).get("oi").asDouble()).isEqualTo(1008);
        assertThat(points.get(2).get("value").asDouble()).isEqualTo(1008 * 37000.0);
        assertThat(reply.json().get("hasMore").asBoolean()).isTrue();
    }

    @Test
    void valuesTheExchangeDoesNotGiveAreNullNeverZero() {
        JsonNode bybit = get("/api/open-interest?exchange=bybit&symbol=btcusdt").json().get("openInterest");
        assertThat(bybit).hasSize(10);
        assertThat(bybit.get(0).get("value").isNull()).isTrue();
        JsonNode bitget = get("/api/funding?exchange=bitget&symbol=btcusdt").json().get("funding");
        assertThat(bitget.get(0).get("rate").asDouble()).isEqualTo(-0.00025);
        assertThat(bitget.get(0).get("markPrice").isNull()).isTrue();
        JsonNode binance = get("/api/funding").json();
        assertThat(binance.get("funding").get(0).get("markPrice").asDouble()).isEqualTo(37000.5);
        assertThat(binance.get("hasMore").asBoolean()).isFalse();
    }

    @Test
    void aMarketWithoutSeriesAnswersAnEmptyList() throws Exception {
        // stored (its candles), no longer configured: the empty answer as ever, not collecting
        db.upsert(Timeframe.M15, MarketSymbol.of("binance_spot", "btcusdt"), 1, ApiDbFixture.series(Timeframe.M15, T0, 1));
        Http.Reply spot = get("/api/open-interest?exchange=binance_spot&symbol=btcusdt");
        assertThat(spot.status()).isEqualTo(200);
        assertThat(spot.json().get("openInterest")).isEmpty();
        assertThat(spot.json().has("collecting")).isFalse();
    }

    @Test
    void aConfiguredMarketWithoutSeriesIsCollectingOrAConflictAndATypoIsUnknown() throws Exception {
        db.configured(MarketSymbol.of("binance", "solusdt"), "15", true, 1000) // BINANCE has series: derivatives on
                .configured(MarketSymbol.of("bybit_spot", "solusdt"), "15", true, 1000); // long configured, none seen
        for (String path : new String[] {"/api/open-interest", "/api/funding"}) {
            Http.Reply collecting = get(path + "?exchange=binance&symbol=solusdt");
            assertThat(collecting.status()).as(path).isEqualTo(200);
            assertThat(collecting.json().get("collecting").asBoolean()).as(path).isTrue();
            assertThat(collecting.json().get("hasMore").asBoolean()).isFalse();
            Http.Reply off = get(path + "?exchange=bybit_spot&symbol=solusdt");
            assertThat(off.status()).as(path).isEqualTo(409);
            assertThat(off.json().get("message").asText()).contains("not collected for BYBIT_SPOT:SOLUSDT")
                    .contains("derivatives.enabled");
            Http.Reply typo = get(path + "?exchange=binance&symbol=btcusdx");
            assertThat(typo.status()).as(path).isEqualTo(404);
            assertThat(typo.json().get("message").asText()).contains("symbol and exchange parameters");
        }
        assertThat(get("/api/funding?exchange=binance&symbol=btcusdt").json().has("collecting")).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
            "/api/open-interest?from=abc, from",
            "/api/open-interest?to=-5, to",
            "/api/open-interest?from=20&to=10, from",
            "/api/open-interest?limit=0, limit",
            "/api/funding?limit=x, limit",
            "/api/funding?symbol=btc-usdt, symbol",
            "/api/funding?exchange=%27%3B, exchange"
    })
    void badInputIs400NamingTheParameter(String path, String parameter) {
        Http.Reply reply = get(path);
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().toString()).contains(parameter);
    }
}
