package io.cryptoflow.api.resources;

import static io.cryptoflow.api.support.ApiDbFixture.BTC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.cryptoflow.api.ApiApplication;
import io.cryptoflow.api.ApiConfiguration;
import io.cryptoflow.api.support.ApiDbFixture;
import io.cryptoflow.api.support.Http;
import io.cryptoflow.common.Candle;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.Timeframe;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(DropwizardExtensionsSupport.class)
class StatusAndSymbolResourceIT {

    static final long T0 = 1_699_920_000_000L; // a UTC midnight
    static final MarketSymbol ETH = MarketSymbol.of("binance", "ethusdt");
    static final MarketSymbol BYBIT_SOL = MarketSymbol.of("bybit", "solusdt");

    @TempDir
    static Path dataDir;

    static final DropwizardAppExtension<ApiConfiguration> APP = new DropwizardAppExtension<>(
            ApiApplication.class, ResourceHelpers.resourceFilePath("test-api.yml"),
            ConfigOverride.config("dataDir", () -> dataDir.toString()));

    static ApiDbFixture db;
    static long appliedAt;

    @BeforeAll
    static void createReplica() throws Exception {
        db = ApiDbFixture.create(dataDir.resolve("api.db"));
        db.upsert(Timeframe.M15, BTC, 3, ApiDbFixture.series(Timeframe.M15, T0, 7));
        db.upsert(Timeframe.H1, BTC, 3, ApiDbFixture.series(Timeframe.H1, T0, 2));
        db.upsert(Timeframe.M15, ETH, 4, ApiDbFixture.series(Timeframe.M15, T0 + 900_000L, 3));
        List<Candle> sol = new ArrayList<>(ApiDbFixture.series(Timeframe.D1, T0, 3));
        // a day no trade was collected for: Bybit's kline has no taker volume or trade count
        sol.add(Candle.withoutTaker(T0 + 3 * 86_400_000L, 10, 12, 9, 11, 500, true));
        db.upsert(Timeframe.D1, BYBIT_SOL, 5, sol);
        appliedAt = System.currentTimeMillis() - 2_000;
        db.collectorState(42, appliedAt - 150, 7);
        db.replica(42, appliedAt - 150, appliedAt, "incremental");
    }

    @AfterAll
    static void closeFixture() throws Exception {
        db.close();
    }

    @Test
    void healthReportsRowCountsReplicaAgeLagAndCollectorBusyCounter() {
        long before = System.currentTimeMillis();
        Http.Reply r = Http.get(APP.getLocalPort(), "/api/health");

        assertThat(r.status()).isEqualTo(200);
        JsonNode h = r.json();
        assertThat(h.get("status").asText()).isEqualTo("ok");
        assertThat(h.get("timestamp").asLong()).isBetween(before, System.currentTimeMillis());
        JsonNode tables = h.get("tables");
        assertThat(tables.get("candles_15").asLong()).isEqualTo(10);
        assertThat(tables.get("candles_60").asLong()).isEqualTo(2);
        assertThat(tables.get("candles_240").asLong()).isZero();
        assertThat(tables.get("candles_1440").asLong()).isEqualTo(4);
        assertThat(h.get("candles_15").asLong()).as("old tool's top-level field").isEqualTo(10);
        assertThat(h.get("candles_1440").asLong()).as("old tool's top-level field").isEqualTo(4);

        JsonNode replica = h.get("replica");
        assertThat(replica.get("sourceRev").asLong()).isEqualTo(42);
        assertThat(replica.get("appliedAt").asLong()).isEqualTo(appliedAt);
        assertThat(replica.get("strategy").asText()).isEqualTo("incremental");
        assertThat(replica.get("lagMs").asLong()).isEqualTo(150);
        assertThat((double) replica.get("ageMs").asLong()).isCloseTo(h.get("timestamp").asLong() - appliedAt, within(0.5));
        assertThat(replica.get("confirmedAt").isNull()).as("no cf_replica_check in this api.db").isTrue();
        assertThat(replica.get("currentAgeMs").asLong()).isEqualTo(replica.get("ageMs").asLong());

        JsonNode collector = h.get("collector");
        assertThat(collector.get("rev").asLong()).isEqualTo(42);
        assertThat(collector.get("busyEvents").asLong()).isEqualTo(7);
    }

    @Test
    void healthSaysStaleWhenTheReplicatorHasNotAppliedForLongerThanMaxReplicaAge() throws Exception {
        long old = System.currentTimeMillis() - 6 * 60_000L;
        db.replica(42, old - 150, old, "incremental");
        try {
            Http.Reply r = Http.get(APP.getLocalPort(), "/api/health");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().get("status").asText()).isEqualTo("stale");
            assertThat(r.json().get("replica").get("ageMs").asLong()).isGreaterThanOrEqualTo(6 * 60_000L);
            assertThat(Http.get(APP.getAdminPort(), "/healthcheck").json().get("replica").get("healthy").asBoolean())
                    .isFalse();
        } finally {
            db.replica(42, appliedAt - 150, appliedAt, "incremental");
        }
    }

    @Test
    void healthIsOkWhileTheReplicatorConfirmsThatAnIdleCollectorWroteNothingNew() throws Exception {
        long old = System.currentTimeMillis() - 6 * 60_000L;
        long confirmed = System.currentTimeMillis() - 5_000L;
        db.replica(42, old - 150, old, "incremental").confirmed(42, confirmed);
        try {
            JsonNode h = Http.get(APP.getLocalPort(), "/api/health").json();
            assertThat(h.get("status").asText()).isEqualTo("ok");
            assertThat(h.at("/replica/ageMs").asLong()).as("since the last apply").isGreaterThanOrEqualTo(6 * 60_000L);
            assertThat(h.at("/replica/confirmedAt").asLong()).isEqualTo(confirmed);
            assertThat(h.at("/replica/currentAgeMs").asLong()).isBetween(5_000L, 60_000L);
            JsonNode check = Http.get(APP.getAdminPort(), "/healthcheck").json().get("replica");
            assertThat(check.get("healthy").asBoolean()).isTrue();
            assertThat(check.get("message").asText()).contains("collector.db unchanged since, confirmed by the replicator");
        } finally {
            db.unconfirmed().replica(42, appliedAt - 150, appliedAt, "incremental");
        }
    }

    @Test
    void aConfirmationOfAnOlderRevisionDoesNotMakeAStaleReplicaHealthy() throws Exception {
        long old = System.currentTimeMillis() - 6 * 60_000L;
        db.replica(42, old - 150, old, "incremental").confirmed(41, System.currentTimeMillis());
        try {
            JsonNode h = Http.get(APP.getLocalPort(), "/api/health").json();
            assertThat(h.get("status").asText()).isEqualTo("stale");
            assertThat(h.at("/replica/confirmedAt").isNull()).as("no confirmation of rev 42").isTrue();
            assertThat(Http.get(APP.getAdminPort(), "/healthcheck").json().get("replica").get("healthy").asBoolean())
                    .isFalse();
        } finally {
            db.unconfirmed().replica(42, appliedAt - 150, appliedAt, "incremental");
        }
    }

    @Test
    void healthReportsNoLagBeforeTheCollectorsFirstCommit() throws Exception {
        db.replica(0, 0, System.currentTimeMillis(), "incremental");
        try {
            JsonNode replica = Http.get(APP.getLocalPort(), "/api/health").json().get("replica");
            assertThat(replica.get("sourceCommittedAt").asLong()).isZero();
            assertThat(replica.get("lagMs").asLong()).isZero();
        } finally {
            db.replica(42, appliedAt - 150, appliedAt, "incremental");
        }
    }

    @Test
    void symbolsListsWhatTheReplicaHoldsInTheOldShapePlusTimeRanges() {
        Http.Reply r = Http.get(APP.getLocalPort(), "/api/symbols");

        assertThat(r.status()).isEqualTo(200);
        JsonNode s = r.json();
        assertThat(texts(s.get("symbols"))).containsExactly("BTCUSDT", "ETHUSDT", "SOLUSDT");
        assertThat(texts(s.get("exchanges").get("binance"))).containsExactly("BTCUSDT", "ETHUSDT");
        assertThat(texts(s.get("exchanges").get("bybit"))).containsExactly("SOLUSDT");

        JsonNode markets = s.get("markets");
        assertThat(markets).hasSize(3);
        JsonNode btc = markets.get(0);
        assertThat(btc.get("exchange").asText()).isEqualTo("BINANCE");
        assertThat(btc.get("symbol").asText()).isEqualTo("BTCUSDT");
        assertThat(btc.get("timeframes").get("15m").get("first").asLong()).isEqualTo(T0);
        assertThat(btc.get("timeframes").get("15m").get("last").asLong()).isEqualTo(T0 + 6 * 900_000L);
        assertThat(btc.get("timeframes").get("1h").get("last").asLong()).isEqualTo(T0 + 3_600_000L);
        assertThat(btc.get("timeframes").has("4h")).isFalse();
        JsonNode sol = markets.get(2);
        assertThat(sol.get("exchange").asText()).isEqualTo("BYBIT");
        assertThat(sol.get("timeframes").get("1d").get("last").asLong()).isEqualTo(T0 + 3 * 86_400_000L);
        assertThat(texts(sol.get("missingFromKlines"))).containsExactly("buyVolume", "sellVolume", "delta", "tradeCount");
        assertThat(btc.get("missingFromKlines")).isEmpty();
    }

    @Test
    void valuesTheMarketDoesNotKnowAreServedAsNullNeverZero() {
        JsonNode candles = Http.get(APP.getLocalPort(), "/api/candles?symbol=solusdt&exchange=bybit&tf=1440").json()
                .get("candles");
        assertThat(candles).hasSize(4);
        JsonNode unknown = candles.get(3);
        for (String field : List.of("buyVolume", "sellVolume", "delta", "tradeCount")) {
            assertThat(unknown.has(field)).as(field).isTrue();
            assertThat(unknown.get(field).isNull()).as(field).isTrue();
            assertThat(candles.get(0).get(field).isNumber()).as(field).isTrue();
        }
        assertThat(unknown.get("volume").asDouble()).isEqualTo(500);
    }

    @Test
    void adminHealthCheckReportsTheReplicaHealthy() {
        Http.Reply r = Http.get(APP.getAdminPort(), "/healthcheck");
        assertThat(r.json().get("replica").get("healthy").asBoolean()).isTrue();
        assertThat(r.json().get("replica").get("message").asText()).contains("source_rev=42");
    }

    @Test
    void resourcesAreTimed() {
        Http.get(APP.getLocalPort(), "/api/candles");
        JsonNode metrics = Http.get(APP.getAdminPort(), "/metrics").json();
        assertThat(metrics.get("timers").has("cryptoflow.api.candles.requests")).isTrue();
        List<String> meters = new ArrayList<>();
        metrics.get("meters").fieldNames().forEachRemaining(meters::add);
        assertThat(meters).contains("cryptoflow.api.candles.exceptions");
    }

    @Test
    void metricsAreAlsoServedInThePrometheusTextFormatOnTheAdminPort() {
        Http.get(APP.getLocalPort(), "/api/candles");
        // the candle timer stops once the response is complete on the server, a moment after the client has it
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> APP.getEnvironment().metrics().timer("cryptoflow.api.candles.requests").getCount() > 0);
        Http.Reply r = Http.get(APP.getAdminPort(), "/prometheus");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.raw().headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(r.raw().body())
                .contains("# TYPE cryptoflow_api_candles_requests summary")
                .containsPattern("(?m)^cryptoflow_api_candles_requests_count [1-9]")
                .contains("cryptoflow_api_live_connections");
    }

    @Test
    void adminReadersAnswersTheWaitingClocksForTheCollectorsBackfillYield() {
        Http.get(APP.getLocalPort(), "/api/candles");
        Http.Reply r = Http.get(APP.getAdminPort(), "/readers");
        assertThat(r.status()).isEqualTo(200);
        // inFlight requestNanos nowNanos queued queuedNanos overCoresNanos (filters/ReaderLoad). The
        // candle request may still count as in flight: its answer reaches the client before the
        // filter's bookkeeping on the server thread has run (CI saw "1 77025004 … 0 0 0").
        assertThat(r.raw().body()).matches("[01] [1-9]\\d* -?\\d+ 0 \\d+ \\d+\n");
        JsonNode gauges = Http.get(APP.getAdminPort(), "/metrics").json().get("gauges");
        assertThat(gauges.has("cryptoflow.api.readers.queued")).isTrue();
        assertThat(gauges.has("cryptoflow.api.readers.over-cores-ms")).isTrue();
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
