package io.cryptoflow.e2e.trades;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptoflow.api.ApiApplication;
import io.cryptoflow.api.ApiConfiguration;
import io.cryptoflow.collector.aggregation.TradeRecorder;
import io.cryptoflow.collector.aggregation.TradeRetention;
import io.cryptoflow.collector.config.ExchangeConfiguration;
import io.cryptoflow.collector.exchange.binance.BinanceExchanges;
import io.cryptoflow.collector.sources.trades.OrderFlowService;
import io.cryptoflow.collector.sources.trades.TradeSequencer;
import io.cryptoflow.collector.store.SqliteCandleWriter;
import io.cryptoflow.collector.testing.Sections;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.ThreadPools;
import io.cryptoflow.replicator.core.Replication;
import io.cryptoflow.replicator.core.ReplicationMetrics;
import io.cryptoflow.replicator.core.ReplicationSettings;
import io.cryptoflow.replicator.core.ReplicationStatus;
import io.cryptoflow.replicator.core.ReplicationStrategy;
import io.cryptoflow.replicator.strategy.Replications;
import io.cryptoflow.simulator.ExchangeSimulator;
import io.cryptoflow.simulator.market.SimTrade;
import io.cryptoflow.simulator.market.TradeTape;
import io.cryptoflow.simulator.market.Venue;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Raw trades through all three stages against the simulator: the collector's order flow with a real
 * writer and recorder (yesterday's archive, REST catch-up, live across a dropped connection), the
 * replicator's incremental strategy running meanwhile, and the real API application over the
 * resulting api.db. {@code /api/trades} equals the simulator's tape (count, ids, price, size, side)
 * in JSON paged with a small and a large limit and in CSV, and per 15m candle the served trades add
 * up to the footprint {@code /api/candles} serves.
 */
class RawTradesPipelineIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MarketSymbol BTC = MarketSymbol.of("BINANCE", "BTCUSDT");

    @TempDir
    Path data;

    record Served(long time, long id, BigDecimal price, BigDecimal qty, String side) {
    }

    @Test
    void apiTradesEqualTheTapeAndAddUpToTheFootprints() throws Exception {
        Path collectorDb = data.resolve("collector.db");
        ReplicationSettings settings = ReplicationSettings.defaults(collectorDb, data.resolve("api.db"), ReplicationStrategy.INCREMENTAL);
        ReplicationStatus status = new ReplicationStatus(ReplicationStrategy.INCREMENTAL);
        ReplicationMetrics replicationMetrics = new ReplicationMetrics(new MetricRegistry(), status);
        long lastId;
        TradeTape tape;
        try (ExchangeSimulator sim = ExchangeSimulator.builder().symbols("BTCUSDT")
                .liveSince(java.time.Instant.now().minusSeconds(30)).liveTradesPerMinute(1200).start();
                Replication replication = Replications.create(settings, replicationMetrics, status)) {
            SqliteCandleWriter writer = new SqliteCandleWriter(collectorDb, 64, new MetricRegistry());
            writer.start();
            TradeRecorder recorder = new TradeRecorder(writer, new TradeRetention(Map.of("BINANCE", 7)),
                    System::currentTimeMillis, ThreadPools.standalone(), 5_000, 100, 3_600_000);
            recorder.start();
            ExchangeConfiguration binance = Sections.tradesOn(sim.wsBaseUrl() + "/market", sim.baseUrl(), sim.baseUrl(),
                    List.of("BTCUSDT"), "footprintDays: 1", "restPageInterval: 5ms", "minReconnectDelay: 50ms");
            OrderFlowService orderFlow = new OrderFlowService(Sections.orderFlow("flushInterval: 100ms"),
                    Map.of(BinanceExchanges.FUTURES, binance), writer, new MetricRegistry(), HttpClient.newHttpClient(),
                    Clock.systemUTC()).withTradeRecorder(recorder);
            AtomicBoolean replicating = new AtomicBoolean(true);
            Thread replicator = new Thread(() -> {
                while (replicating.get()) {
                    try {
                        replication.runOnce();
                        Thread.sleep(20);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }, "replicator");
            orderFlow.start();
            replicator.start();
            TradeSequencer seq = orderFlow.sequencers().get(BTC);
            try {
                await().atMost(Duration.ofSeconds(90)).until(() -> !seq.isCatchingUp() && seq.lastId() > 0);
                long beforeDrop = seq.lastId();
                await().until(() -> seq.lastId() > beforeDrop + 20);
                assertThat(sim.dropWebSockets("/market")).isEqualTo(1);
                long atDrop = seq.lastId();
                await().until(() -> !seq.isCatchingUp() && seq.lastId() > atDrop + 40);
            } finally {
                orderFlow.stop();
                recorder.stop();
                writer.stop();
            }
            lastId = seq.lastId();
            tape = sim.tape(Venue.BINANCE_FUTURES, "BTCUSDT").orElseThrow();
            replicating.set(false);
            replicator.join();
            replication.runOnce();
            assertThat(replication.verify().consistent()).isTrue();
            assertThat(replicationMetrics.fallbackSnapshots.getCount()).as("no snapshot after the bootstrap").isZero();
        }

        long yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        List<Served> expected = new ArrayList<>();
        for (long minute = yesterday / 60_000; minute <= tape.minuteOfAggId(lastId); minute++) {
            for (SimTrade t : tape.tradesOfMinute(minute)) {
                if (t.aggId() <= lastId) {
                    expected.add(new Served(t.time(), t.aggId(), tape.spec().price(t.priceUnits()), tape.spec().qty(t.qtyUnits()),
                            t.takerBuy() ? "buy" : "sell"));
                }
            }
        }
        long to = expected.get(expected.size() - 1).time();

        DropwizardTestSupport<ApiConfiguration> api = new DropwizardTestSupport<>(ApiApplication.class,
                ResourceHelpers.resourceFilePath("fuzz/api-fuzz.yml"), ConfigOverride.config("dataDir", data.toString()));
        api.before();
        try {
            String base = "http://127.0.0.1:" + api.getLocalPort() + "/api/trades?exchange=binance&symbol=btcusdt&from="
                    + yesterday + "&to=" + to;
            for (int limit : new int[] {137, 1_000_000}) {
                assertSame(expected, pagedJson(base, limit));
            }
            assertSame(expected, csv(base + "&format=csv&limit=5000000"));
            assertAddsUpToFootprints(api.getLocalPort(), expected);
        } finally {
            api.after();
        }
    }

    private static void assertSame(List<Served> expected, List<Served> got) {
        assertThat(got).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            Served e = expected.get(i);
            Served g = got.get(i);
            assertThat(g.id()).as("trade %d", i).isEqualTo(e.id());
            assertThat(g.time()).isEqualTo(e.time());
            assertThat(g.price()).isEqualByComparingTo(e.price());
            assertThat(g.qty()).isEqualByComparingTo(e.qty());
            assertThat(g.side()).isEqualTo(e.side());
        }
    }

    private static List<Served> pagedJson(String base, int limit) throws Exception {
        List<Served> out = new ArrayList<>();
        String cursor = null;
        while (true) {
            JsonNode page = JSON.readTree(get(base + "&limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor)));
            for (JsonNode t : page.get("trades")) {
                out.add(new Served(t.get(0).asLong(), t.get(1).asLong(), t.get(2).decimalValue(), t.get(3).decimalValue(),
                        t.get(4).asText()));
            }
            if (page.get("next").isNull()) {
                return out;
            }
            cursor = page.get("next").asText();
        }
    }

    private static List<Served> csv(String url) throws Exception {
        String[] lines = get(url).split("\n");
        assertThat(lines[0]).isEqualTo("time,id,price,qty,side");
        List<Served> out = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split(",");
            out.add(new Served(Long.parseLong(f[0]), Long.parseLong(f[1]), new BigDecimal(f[2]), new BigDecimal(f[3]), f[4]));
        }
        return out;
    }

    /** Per 15m candle wholly inside the served range: volume and the clusters' buy and sell sums. */
    private static void assertAddsUpToFootprints(int port, List<Served> trades) throws Exception {
        Map<Long, BigDecimal[]> sums = new HashMap<>();
        for (Served t : trades) {
            BigDecimal[] v = sums.computeIfAbsent(t.time() - Math.floorMod(t.time(), 900_000L),
                    k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
            v[t.side().equals("buy") ? 0 : 1] = v[t.side().equals("buy") ? 0 : 1].add(t.qty());
        }
        long first = trades.get(0).time() - Math.floorMod(trades.get(0).time(), 900_000L);
        long last = trades.get(trades.size() - 1).time() - Math.floorMod(trades.get(trades.size() - 1).time(), 900_000L);
        JsonNode candles = JSON.readTree(get("http://127.0.0.1:" + port + "/api/candles?exchange=binance&symbol=btcusdt&tf=15&from="
                + (first + 900_000L) + "&to=" + (last - 900_000L) + "&limit=1000")).get("candles");
        assertThat(candles.size()).isGreaterThan(10);
        for (JsonNode c : candles) {
            BigDecimal buy = BigDecimal.ZERO;
            BigDecimal sell = BigDecimal.ZERO;
            for (JsonNode level : c.get("clusters")) {
                buy = buy.add(level.get("buy").decimalValue());
                sell = sell.add(level.get("sell").decimalValue());
            }
            BigDecimal[] served = sums.get(c.get("time").asLong());
            assertThat(served).as("trades of candle %d", c.get("time").asLong()).isNotNull();
            assertThat(served[0].subtract(buy).abs().doubleValue()).as("taker buys of %d", c.get("time").asLong()).isLessThan(1e-6);
            assertThat(served[1].subtract(sell).abs().doubleValue()).as("taker sells of %d", c.get("time").asLong()).isLessThan(1e-6);
            assertThat(served[0].add(served[1]).subtract(c.get("volume").decimalValue()).abs().doubleValue()).isLessThan(1e-6);
        }
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(url + ": " + r.body()).isEqualTo(200);
        return r.body();
    }
}
