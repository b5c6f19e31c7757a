package io.cryptoflow.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.cryptoflow.collector.store.CandleBatch;
import io.cryptoflow.collector.store.WriteMode;
import io.cryptoflow.collector.testing.FakeBinanceFutures;
import io.cryptoflow.common.SqliteConnections;
import io.cryptoflow.common.Timeframe;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DropwizardExtensionsSupport.class)
class CollectorApplicationIT {

    private static final FakeBinanceFutures FAKE = startFake();
    private static final Path DATA = tempDir();

    private static final DropwizardAppExtension<CollectorConfiguration> APP = new DropwizardAppExtension<>(
            CollectorApplication.class, ResourceHelpers.resourceFilePath("collector-test.yml"),
            ConfigOverride.config("dataDir", DATA.toString()),
            ConfigOverride.config("exchanges.binance-futures.restUrl", FAKE.url()));

    private static FakeBinanceFutures startFake() {
        try {
            return new FakeBinanceFutures();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("collector-app-test");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long count(String table, String symbol) throws Exception {
        try (Connection c = SqliteConnections.openReadOnly(DATA.resolve("collector.db")); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table + " WHERE symbol = '" + symbol + "'")) {
            return rs.getLong(1);
        }
    }

    @Test
    void fillsCollectorDbFromTheExchangeAndReportsProgressAndHealth() throws Exception {
        // historyDaysOverride: 3 → 3 days of 1h = 73 candles (forming included), of 4h = 19
        long h1 = (Timeframe.H1.openTimeOf(System.currentTimeMillis())
                - Timeframe.H1.openTimeOf(System.currentTimeMillis() - 3 * 86_400_000L)) / Timeframe.H1.millis() + 1;
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(DATA.resolve("collector.db"))
                && count("candles_60", "BINANCE:BTCUSDT") >= h1 && count("candles_60", "BINANCE:ETHUSDT") >= h1
                && count("candles_240", "BINANCE:ETHUSDT") > 0);
        assertThat(count("candles_15", "BINANCE:BTCUSDT")).as("15m not configured in the test YAML").isZero();
        assertThat(count("configured_markets", "BINANCE:BTCUSDT")).as("recorded at start-up for the API").isEqualTo(1);
        try (Connection c = SqliteConnections.openReadOnly(DATA.resolve("collector.db")); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT kinds FROM configured_markets WHERE symbol = 'BINANCE:ETHUSDT'")) {
            // the test YAML switches on klines only: known to collect none of the other kinds
            assertThat(rs.getString(1)).isEmpty();
        }

        String base = "http://127.0.0.1:" + APP.getLocalPort();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode progress = APP.client().target(base + "/progress").request().get(JsonNode.class);
            assertThat(progress.get("percent").asDouble()).isEqualTo(100.0);
            assertThat(progress.get("markets")).hasSize(4);
            assertThat(progress.get("complete").asBoolean()).isTrue();
        });
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode health = APP.client().target(base + "/admin/healthcheck").request().get(JsonNode.class);
            assertThat(health.get("writer").get("healthy").asBoolean()).isTrue();
            assertThat(health.get("sync").get("healthy").asBoolean()).isTrue();
            assertThat(health.get("sync").get("message").asText()).isEqualTo("markets syncing");
        });
        JsonNode metrics = APP.client().target(base + "/admin/metrics").request().get(JsonNode.class);
        assertThat(metrics.get("counters").get("cryptoflow.collector.sqlite.busy").get("count").asLong()).isZero();

        String prometheus = APP.client().target(base + "/admin/prometheus").request().get(String.class);
        assertThat(prometheus)
                .containsPattern("(?m)^cryptoflow_collector_sqlite_busy 0\\.0$")
                .containsPattern("(?m)^cryptoflow_collector_backfill_binance_btcusdt_1h_percent 100\\.0$");
    }

    @Test
    void adminTasksQueueABackfillAndAGapRecheckAndExplainBadInput() throws Exception {
        String tasks = "http://127.0.0.1:" + APP.getLocalPort() + "/admin/tasks/";
        await().atMost(Duration.ofSeconds(30)).until(() -> APP.<CollectorApplication>getApplication().service()
                .workers().get(0).isBackfilled());
        long from = Timeframe.H1.openTimeOf(System.currentTimeMillis()) - 48 * Timeframe.H1.millis();
        int before = FAKE.requests().size();

        String queued = APP.client().target(tasks + "backfill")
                .queryParam("exchange", "binance").queryParam("symbol", "btcusdt").queryParam("tf", "1h")
                .queryParam("from", from).queryParam("to", from + 5 * Timeframe.H1.millis())
                .request().post(jakarta.ws.rs.client.Entity.text(""), String.class);

        assertThat(queued).contains("queued BINANCE:BTCUSDT 1h " + from);
        await().atMost(Duration.ofSeconds(20)).until(() -> FAKE.requests().subList(before, FAKE.requests().size()).stream()
                .anyMatch(r -> Long.toString(from).equals(r.params().get("startTime"))
                        && Long.toString(from + 5 * Timeframe.H1.millis()).equals(r.params().get("endTime"))));

        String bad = APP.client().target(tasks + "backfill").queryParam("exchange", "binance")
                .queryParam("symbol", "BTCUSDT").queryParam("tf", "5m").queryParam("from", "2026-01-01")
                .request().post(jakarta.ws.rs.client.Entity.text(""), String.class);
        assertThat(bad).as("5m is a timeframe, but not one this market collects")
                .contains("tf must be one of BINANCE's timeframes [1h, 4h]");
        String unknown = APP.client().target(tasks + "backfill").queryParam("exchange", "binance")
                .queryParam("symbol", "BTCUSDT").queryParam("tf", "2h").queryParam("from", "2026-01-01")
                .request().post(jakarta.ws.rs.client.Entity.text(""), String.class);
        assertThat(unknown).contains("tf must be one of");

        String recheck = APP.client().target(tasks + "recheck-gaps").request()
                .post(jakarta.ws.rs.client.Entity.text(""), String.class);
        assertThat(recheck).contains("gap re-check requested for BINANCE");
    }

    @Test
    void purgeTaskDeletesAnUncollectedSymbolThroughTheWriterAndRefusesACollectedOne() throws Exception {
        String tasks = "http://127.0.0.1:" + APP.getLocalPort() + "/admin/tasks/";
        io.cryptoflow.common.MarketSymbol old = io.cryptoflow.common.MarketSymbol.of("BINANCE", "OLDUSDT");
        long t = Timeframe.H1.openTimeOf(System.currentTimeMillis()) - 10 * Timeframe.H1.millis();
        APP.<CollectorApplication>getApplication().writer().submit(new io.cryptoflow.collector.store.CandleBatch(old, Timeframe.H1,
                java.util.List.of(io.cryptoflow.common.Candle.fromTakerBuy(t, 1, 2, 0.5, 1.5, 10, 4, 3, true),
                        io.cryptoflow.common.Candle.fromTakerBuy(t + Timeframe.H1.millis(), 1, 2, 0.5, 1.5, 10, 4, 3, true)),
                io.cryptoflow.collector.store.WriteMode.KLINE)).get(10, java.util.concurrent.TimeUnit.SECONDS);

        String refused = APP.client().target(tasks + "purge").queryParam("symbol", "BINANCE:BTCUSDT").request()
                .post(jakarta.ws.rs.client.Entity.text(""), String.class);
        assertThat(refused).contains("is still collected");
        String invalid = APP.client().target(tasks + "purge").queryParam("symbol", "BINANCE:OLDUSDT").queryParam("tf", "7m")
                .request().post(jakarta.ws.rs.client.Entity.text(""), String.class);
        assertThat(invalid).contains("error: tf must be one of");

        String purged = APP.client().target(tasks + "purge").queryParam("symbol", "binance:oldusdt").request()
                .post(jakarta.ws.rs.client.Entity.text(""), String.class);

        assertThat(purged).contains("purged BINANCE:OLDUSDT at rev ").contains("candles_60=2").contains("tombstones=2");
        assertThat(count("candles_60", "BINANCE:OLDUSDT")).isZero();
        assertThat(count("cf_tombstones", "BINANCE:OLDUSDT")).isEqualTo(2);
        assertThat(count("candles_60", "BINANCE:BTCUSDT")).isPositive();
        JsonNode metrics = APP.client().target("http://127.0.0.1:" + APP.getLocalPort() + "/admin/metrics").request().get(JsonNode.class);
        assertThat(metrics.get("meters").get("cryptoflow.collector.writer.tombstones-written").get("count").asLong()).isEqualTo(2);
    }
}
