package io.cryptoflow.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptoflow.collector.testing.AppYaml;
import io.cryptoflow.collector.testing.TestCollectorApplication;
import io.cryptoflow.simulator.ExchangeSimulator;
import io.cryptoflow.simulator.log.LoggedRequest;
import io.cryptoflow.simulator.region.Exchange;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 24 item 7, "Must show": with Binance answering HTTP 451 to every REST and WebSocket request
 * (as from a restricted region), the collector is healthy (so the compose stack, whose collector
 * healthcheck is {@code /admin/healthcheck}, becomes healthy), the Bybit market fills, {@code /progress}
 * names the refused market, and Binance is asked again only once per refusal retry interval
 * ({@code regionRefusalRetry}, 3 h by default; 4 s here so the test sees several retries).
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class RegionRefusalIT {

    private static final long RETRY_MS = 4_000;
    private static final ExchangeSimulator SIM = ExchangeSimulator.builder().symbols("BTCUSDT", "ETHUSDT")
            .liveSince(Instant.now().minus(Duration.ofMinutes(30))).refusedByRegion(Exchange.BINANCE).start();
    private static final Path DATA = AppYaml.tempDir("region-refusal-data");

    private static final DropwizardAppExtension<CollectorConfiguration> APP = new DropwizardAppExtension<>(
            TestCollectorApplication.class, config().toString());

    private static Path config() {
        return AppYaml.configFile("region-refusal-config", """
                    dataDir: %s
                    syncInterval: 500ms
                    retryDelay: 100ms
                    maxRetryDelay: 1s
                    regionRefusalRetry: %dms
                    backfillYield:
                      othersCpuAbove: 1
                    exchanges:
                    %s%s
                    orderFlow:
                      flushInterval: 200ms
                    """.formatted(DATA, RETRY_MS, section("binance-futures", "/market"),
                    section("bybit-linear", "/v5/public/linear")));
    }

    /** One market's section (indented under {@code exchanges:}): hourly klines, order flow live only. */
    private static String section(String type, String wsPath) {
        return """
                  %s:
                    restUrl: %s
                    wsUrl: %s%s
                    archiveUrl: %s
                    symbols: [BTCUSDT, ETHUSDT]
                    klines:
                      timeframes: [1h]
                      historyDays: 2
                    orderFlow:
                      enabled: true
                      footprintDays: 0
                      minReconnectDelay: 100ms
                """.formatted(type, SIM.baseUrl(), SIM.wsBaseUrl(), wsPath, SIM.baseUrl());
    }

    @AfterAll
    static void stopSimulator() {
        SIM.close();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + APP.getLocalPort() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long bybitRows() throws Exception {
        return AppYaml.hourlyRows(DATA, "BYBIT:%");
    }

    @Test
    void aRefusedExchangeBacksOffIsReportedAndLeavesTheCollectorHealthyWhileTheOthersFill() throws Exception {
        Instant started = Instant.now();
        // the other market fills: both symbols' two days of hourly candles
        await().atMost(Duration.ofSeconds(60)).until(() -> bybitRows() >= 2 * 48);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode progress = new ObjectMapper().readTree(get("/progress").body());
            JsonNode binance = null;
            for (JsonNode e : progress.get("exchanges")) {
                if (e.get("market").asText().equals("binance-futures")) {
                    binance = e;
                }
            }
            assertThat(binance).isNotNull();
            assertThat(binance.get("state").asText()).isEqualTo("REFUSED");
            assertThat(binance.get("reason").asText()).contains("451");
            assertThat(binance.get("nextRetry").isNull()).isFalse();
        });
        // healthy throughout several refusal retries: one refused exchange never turns the collector red
        long until = System.currentTimeMillis() + 3 * RETRY_MS;
        while (System.currentTimeMillis() < until) {
            HttpResponse<String> health = get("/admin/healthcheck");
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            Thread.sleep(500);
        }
        JsonNode health = new ObjectMapper().readTree(get("/admin/healthcheck").body());
        assertThat(health.toString()).contains("REFUSED");
        JsonNode metrics = new ObjectMapper().readTree(get("/admin/metrics").body());
        assertThat(metrics.path("gauges").path("cryptoflow.collector.exchange.binance.refused").path("value").asInt())
                .isEqualTo(1);
        assertThat(metrics.path("gauges").path("cryptoflow.collector.exchange.bybit.refused").path("value").asInt())
                .isZero();

        // Binance is asked once per retry interval by each of its askers: the kline worker, the stream's
        // upgrade and (never reached here: no stream opens) the REST catch-up of each symbol
        List<LoggedRequest> binance = SIM.requests().where(r -> Exchange.ofPath(r.path()).orElse(null) == Exchange.BINANCE);
        long elapsed = System.currentTimeMillis() - started.toEpochMilli();
        long rounds = elapsed / RETRY_MS + 1;
        assertThat(binance).isNotEmpty().allMatch(r -> r.status() == 451);
        assertThat(binance.size()).as("Binance requests in %d ms: %s", elapsed, binance.stream().map(LoggedRequest::path).toList())
                .isLessThanOrEqualTo((int) (4 * rounds));
    }
}
