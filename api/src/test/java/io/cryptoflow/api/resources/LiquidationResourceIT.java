package io.cryptoflow.api.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cryptoflow.api.ApiApplication;
import io.cryptoflow.api.ApiConfiguration;
import io.cryptoflow.api.support.ApiDbFixture;
import io.cryptoflow.api.support.Http;
import io.cryptoflow.api.support.TradeFixture;
import io.cryptoflow.common.PartitionKind;
import io.cryptoflow.common.TradePartition;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.Timeframe;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code /api/liquidations}: order across days, a cursor inside a millisecond, covered ranges, 400s naming the parameter. */
@ExtendWith(DropwizardExtensionsSupport.class)
class LiquidationResourceIT {

    static final long D0 = 1_764_892_800_000L; // 2025-12-05 00:00 UTC
    static final long DAY = 86_400_000L;

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
        TradePartition day0 = new TradePartition(PartitionKind.LIQUIDATIONS, "BINANCE", TradePartition.dayOf(D0));
        TradePartition day1 = new TradePartition(PartitionKind.LIQUIDATIONS, "BINANCE", TradePartition.dayOf(D0 + DAY));
        TradeFixture.create(db.connection(), day0, 1);
        TradeFixture.create(db.connection(), day1, 1);
        // a trade partition of the same day must not be read as liquidations (nor these as trades)
        TradeFixture.write(db.connection(), new TradePartition("BINANCE", TradePartition.dayOf(D0)), 1,
                List.of(new TradeFixture.Row("BTCUSDT", 1, D0 + 10, 1.0, 1.0, true)));
        insert(day0, D0 + 1_000, true, 97_000, 0.5);
        insert(day0, D0 + 2_000, false, 97_100, 0.25);
        insert(day0, D0 + 2_000, true, 97_050, 1.0); // same millisecond: seq orders them
        insert(day0, D0 + 9_000, true, 96_900, 2.0);
        insert(day1, D0 + DAY + 5, false, 98_000, 0.1);
        try (PreparedStatement ps = db.connection().prepareStatement(
                "INSERT INTO liquidation_coverage (exchange, symbol, from_time, to_time, rev) VALUES ('BINANCE', 'BTCUSDT', ?, ?, 1)")) {
            ps.setLong(1, D0 + 500);
            ps.setLong(2, D0 + 5_000);
            ps.executeUpdate();
            ps.setLong(1, D0 + 8_000);
            ps.setLong(2, D0 + DAY + 60_000);
            ps.executeUpdate();
        }
    }

    static void insert(TradePartition p, long time, boolean longSide, double price, double qty) throws Exception {
        try (PreparedStatement ps = db.connection().prepareStatement("INSERT INTO " + p.table()
                + " (symbol, time, long_side, price, qty, rev) VALUES ('BTCUSDT', ?, ?, ?, ?, 1)")) {
            ps.setLong(1, time);
            ps.setInt(2, longSide ? 1 : 0);
            ps.setDouble(3, price);
            ps.setDouble(4, qty);
            ps.executeUpdate();
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
    void pagesWithACursorNeitherSkipNorRepeatAnEventAcrossMillisecondsAndDays() {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = get("/api/liquidations?exchange=binance&symbol=btcusdt&limit=2"
                    + (cursor == null ? "" : "&cursor=" + cursor)).json();
            page.get("liquidations").forEach(r -> seen.add(r.get(0).asLong() + ":" + r.get(1).asText() + ":" + r.get(2).asDouble()));
            cursor = page.get("next").isNull() ? null : page.get("next").asText();
            pages++;
        } while (cursor != null && pages < 10);
        assertThat(seen).containsExactly((D0 + 1_000) + ":long:97000.0", (D0 + 2_000) + ":short:97100.0",
                (D0 + 2_000) + ":long:97050.0", (D0 + 9_000) + ":long:96900.0", (D0 + DAY + 5) + ":short:98000.0");
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void rowsCarryTheNotionalAndTheAnswerSaysWhichTimeIsCovered() {
        JsonNode page = get("/api/liquidations?exchange=binance&symbol=BTCUSDT&from=" + D0 + "&to=" + (D0 + 9_999)).json();
        assertThat(page.get("columns").toString()).isEqualTo("[\"time\",\"side\",\"price\",\"qty\",\"notional\"]");
        assertThat(page.get("liquidations")).hasSize(4);
        assertThat(page.get("liquidations").get(0).get(4).asDouble()).isEqualTo(48_500.0);
        assertThat(page.get("covered").toString()).isEqualTo("[{\"from\":" + (D0 + 500) + ",\"to\":" + (D0 + 5_000)
                + "},{\"from\":" + (D0 + 8_000) + ",\"to\":" + (D0 + 9_999) + "}]");
        assertThat(page.get("next").isNull()).isTrue();
    }

    @Test
    void aMarketWithoutAStreamHasNoEventsAndNoCoveredTime() throws Exception {
        // stored (its candles), no longer configured: the empty answer as ever, not collecting
        db.upsert(Timeframe.M15, MarketSymbol.of("bitget", "btcusdt"), 1, ApiDbFixture.series(Timeframe.M15, D0, 1));
        JsonNode bitget = get("/api/liquidations?exchange=bitget&symbol=btcusdt").json();
        assertThat(bitget.get("liquidations")).isEmpty();
        assertThat(bitget.get("covered")).isEmpty();
        assertThat(bitget.has("collecting")).isFalse();
        assertThat(get("/api/liquidations?limit=99999999999").status()).as("an oversized limit is capped, like the other series").isEqualTo(200);
    }

    @Test
    void aConfiguredMarketIsCollectingUntilItsStreamIsSeenAndOneWithoutAStreamIsAConflict() throws Exception {
        db.configured(MarketSymbol.of("binance", "ethusdt"), "15", true, 1000) // BINANCE has a stream: on
                .configured(MarketSymbol.of("bybit", "solusdt"), "15", true, System.currentTimeMillis())
                .configured(MarketSymbol.of("bitget", "ethusdt"), "15", true, 1000); // long configured, never seen
        for (String market : new String[] {"exchange=binance&symbol=ethusdt", "exchange=bybit&symbol=solusdt"}) {
            Http.Reply r = get("/api/liquidations?" + market);
            assertThat(r.status()).as(market).isEqualTo(200);
            assertThat(r.json().get("liquidations")).isEmpty();
            assertThat(r.json().get("collecting").asBoolean()).isTrue();
        }
        Http.Reply off = get("/api/liquidations?exchange=bitget&symbol=ethusdt");
        assertThat(off.status()).isEqualTo(409);
        assertThat(off.json().get("message").asText()).contains("liquidations not collected for BITGET:ETHUSDT")
                .contains("orderFlow.enabled");
        Http.Reply typo = get("/api/liquidations?exchange=binance&symbol=btcusdx");
        assertThat(typo.status()).isEqualTo(404);
        assertThat(typo.json().get("message").asText()).contains("unknown market BINANCE:BTCUSDX")
                .contains("symbol and exchange parameters");
    }

    @ParameterizedTest
    @CsvSource({
            "/api/liquidations?from=abc, from",
            "/api/liquidations?to=-5, to",
            "/api/liquidations?from=20&to=10, from",
            "/api/liquidations?limit=0, limit",
            "/api/liquidations?cursor=12-x, cursor",
            "/api/liquidations?symbol=btc-usdt, symbol",
            "/api/liquidations?exchange=%27%3B, exchange"
    })
    void badInputIs400NamingTheParameter(String path, String parameter) {
        Http.Reply reply = get(path);
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().toString()).contains(parameter);
    }
}
