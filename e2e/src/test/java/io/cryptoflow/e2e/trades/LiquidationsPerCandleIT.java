package io.cryptoflow.e2e.trades;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptoflow.api.ApiApplication;
import io.cryptoflow.api.ApiConfiguration;
import io.cryptoflow.collector.aggregation.LiquidationRecorder;
import io.cryptoflow.collector.config.ExchangeConfiguration;
import io.cryptoflow.collector.exchange.binance.BinanceExchanges;
import io.cryptoflow.collector.sources.trades.OrderFlowService;
import io.cryptoflow.collector.store.SqliteCandleWriter;
import io.cryptoflow.collector.testing.Sections;
import io.cryptoflow.common.ThreadPools;
import io.cryptoflow.replicator.core.Replication;
import io.cryptoflow.replicator.core.ReplicationMetrics;
import io.cryptoflow.replicator.core.ReplicationSettings;
import io.cryptoflow.replicator.core.ReplicationStatus;
import io.cryptoflow.replicator.core.ReplicationStrategy;
import io.cryptoflow.replicator.strategy.Replications;
import io.cryptoflow.simulator.ExchangeSimulator;
import io.cryptoflow.simulator.market.LiquidationPush;
import io.cryptoflow.simulator.market.SimLiquidation;
import io.cryptoflow.simulator.market.TradeTape;
import io.cryptoflow.simulator.market.Venue;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Liquidations per candle through all three stages against the simulator's Binance USD-M stream: the
 * collector's order flow with its liquidation recorder and real writer, the replicator, the real API.
 * Every 1m candle the stream was connected for whole carries exactly the sums of what the exchange
 * pushed in it (its one-per-second sample), and the candle in which the stream connected is null,
 * not 0. Runs until one whole minute after the connection has closed (up to about two minutes).
 */
class LiquidationsPerCandleIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MINUTE = 60_000L;

    @TempDir
    Path data;

    @Test
    void perCandleSumsEqualTheSimulatorsPushesAndAreNullBeforeTheStreamConnected() throws Exception {
        Path collectorDb = data.resolve("collector.db");
        ReplicationSettings settings = ReplicationSettings.defaults(collectorDb, data.resolve("api.db"), ReplicationStrategy.INCREMENTAL);
        ReplicationStatus status = new ReplicationStatus(ReplicationStrategy.INCREMENTAL);
        TradeTape tape;
        try (ExchangeSimulator sim = ExchangeSimulator.builder().symbols("BTCUSDT")
                .liveSince(java.time.Instant.now().minusSeconds(30)).liveTradesPerMinute(3000).start();
                Replication replication = Replications.create(settings, new ReplicationMetrics(new MetricRegistry(), status), status)) {
            SqliteCandleWriter writer = new SqliteCandleWriter(collectorDb, 64, new MetricRegistry());
            writer.start();
            LiquidationRecorder liquidations = new LiquidationRecorder(writer, System::currentTimeMillis, ThreadPools.standalone(), 200);
            ExchangeConfiguration binance = Sections.tradesOn(sim.wsBaseUrl() + "/market", sim.baseUrl(), sim.baseUrl(),
                    List.of("BTCUSDT"), "footprintDays: 0", "restPageInterval: 5ms", "minReconnectDelay: 50ms");
            OrderFlowService orderFlow = new OrderFlowService(Sections.orderFlow("flushInterval: 100ms"),
                    Map.of(BinanceExchanges.FUTURES, binance), writer, new MetricRegistry(), HttpClient.newHttpClient(),
                    Clock.systemUTC()).withLiquidationRecorder(liquidations);
            long started = System.currentTimeMillis();
            liquidations.start();
            orderFlow.start();
            try {
                // the minute after the one the stream connected in, closed, plus a flush of the coverage; the
                // connection and its subscription take a moment, so a start in a minute's last seconds
                // connects in the next one (CI: started 17:31:59.5, no whole minute covered by 17:33:02)
                long until = (Math.floorDiv(started + 5_000, MINUTE) + 2) * MINUTE + 2_000;
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> System.currentTimeMillis() > until);
            } finally {
                orderFlow.stop();
                liquidations.stop();
                writer.stop();
            }
            replication.runOnce();
            tape = sim.tape(Venue.BINANCE_FUTURES, "BTCUSDT").orElseThrow();
        }

        DropwizardTestSupport<ApiConfiguration> api = new DropwizardTestSupport<>(ApiApplication.class,
                ResourceHelpers.resourceFilePath("fuzz/api-fuzz.yml"), ConfigOverride.config("dataDir", data.toString()));
        api.before();
        try {
            String base = "http://127.0.0.1:" + api.getLocalPort() + "/api/";
            JsonNode covered = JSON.readTree(get(base + "liquidations?exchange=binance&symbol=btcusdt")).get("covered");
            assertThat(covered).as("one connected range").hasSize(1);
            long from = covered.get(0).get("from").asLong();
            long to = covered.get(0).get("to").asLong();
            JsonNode candles = JSON.readTree(get(base + "candles?exchange=binance&symbol=btcusdt&tf=1&from="
                    + Math.floorDiv(from, MINUTE) * MINUTE + "&to=" + to)).get("candles");
            int whole = 0;
            int events = 0;
            boolean sawConnectMinute = false;
            for (JsonNode c : candles) {
                long open = c.get("time").asLong();
                if (open < from) {
                    sawConnectMinute = true;
                    for (String f : List.of("liqLongQty", "liqShortQty", "liqLongNotional", "liqShortNotional")) {
                        assertThat(c.get(f).isNull()).as("%s of the minute the stream connected in", f).isTrue();
                    }
                } else if (open + MINUTE - 1 <= to) {
                    whole++;
                    List<SimLiquidation> pushed = LiquidationPush.BINANCE_LATEST_PER_SECOND.sent(tape.liquidations(open, open + MINUTE));
                    events += pushed.size();
                    assertSums(c, pushed, tape);
                }
            }
            assertThat(sawConnectMinute).as("a candle of the minute the stream connected in").isTrue();
            assertThat(whole).as("minutes the stream was connected for whole").isGreaterThanOrEqualTo(1);
            assertThat(events).as("liquidations pushed in them (the sums are not all 0 = 0)").isGreaterThan(0);
        } finally {
            api.after();
        }
    }

    private static void assertSums(JsonNode candle, List<SimLiquidation> pushed, TradeTape tape) {
        double[] expected = new double[4];
        for (SimLiquidation l : pushed) {
            double price = tape.spec().price(l.priceUnits()).doubleValue();
            double qty = tape.spec().qty(l.qtyUnits()).doubleValue();
            int side = l.longLiquidated() ? 0 : 1;
            expected[side] += qty;
            expected[side + 2] += price * qty;
        }
        String[] fields = {"liqLongQty", "liqShortQty", "liqLongNotional", "liqShortNotional"};
        for (int i = 0; i < 4; i++) {
            assertThat(candle.get(fields[i]).isNull()).as("%s of %d", fields[i], candle.get("time").asLong()).isFalse();
            assertThat(candle.get(fields[i]).asDouble()).as("%s of %d (%d pushed)", fields[i], candle.get("time").asLong(),
                    pushed.size()).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-6 * Math.max(1, expected[i])));
        }
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(url + ": " + r.body()).isEqualTo(200);
        return r.body();
    }
}
