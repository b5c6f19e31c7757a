package io.cryptoflow.api.live;

import static io.cryptoflow.api.support.ApiDbFixture.BTC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptoflow.api.ApiApplication;
import io.cryptoflow.api.ApiConfiguration;
import io.cryptoflow.api.core.CandleReader;
import io.cryptoflow.api.core.PageCache;
import io.cryptoflow.api.render.RenderCache;
import io.cryptoflow.api.support.ApiDbFixture;
import io.cryptoflow.api.support.ContextFixture;
import io.cryptoflow.api.support.WsClient;
import io.cryptoflow.common.Candle;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.Timeframe;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /ws} against a real api.db: the test plays the replicator (rows stamped with a new rev,
 * then cf_replica.source_rev moved) and checks what each client receives.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class LiveSocketIT {

    static final long T0 = 1_699_920_000_000L;
    static final MarketSymbol ETH = MarketSymbol.of("binance", "ethusdt");
    static final Duration QUIET = Duration.ofMillis(400); // 20 polls at the test's 20 ms interval

    @TempDir
    static Path dataDir;

    static final DropwizardAppExtension<ApiConfiguration> APP = new DropwizardAppExtension<>(
            ApiApplication.class, ResourceHelpers.resourceFilePath("test-api.yml"),
            ConfigOverride.config("dataDir", () -> dataDir.toString()));

    static ApiDbFixture db;
    static final AtomicLong rev = new AtomicLong(1);

    @BeforeAll
    static void createReplica() throws Exception {
        db = ApiDbFixture.create(dataDir.resolve("api.db"));
        List<Candle> candles = new ArrayList<>(ApiDbFixture.series(Timeframe.M15, T0, 60));
        candles.set(59, ApiDbFixture.candle(candles.get(59).time(), 159, false));
        db.upsert(Timeframe.M15, BTC, 1, candles);
        db.upsert(Timeframe.H1, BTC, 1, ApiDbFixture.series(Timeframe.H1, T0, 10));
        db.upsert(Timeframe.M15, ETH, 1, ApiDbFixture.series(Timeframe.M15, T0, 5));
        db.replica(1, System.currentTimeMillis(), System.currentTimeMillis(), "snapshot");
    }

    @AfterAll
    static void closeFixture() throws Exception {
        db.close();
    }

    /** What the replicator does: write rows stamped with the next rev, then publish that rev. */
    static synchronized long replicate(Timeframe tf, MarketSymbol m, List<Candle> candles) throws Exception {
        long r = rev.incrementAndGet();
        db.upsert(tf, m, r, candles);
        db.replica(r, System.currentTimeMillis(), System.currentTimeMillis(), "incremental");
        return r;
    }

    static WsClient connect() {
        return WsClient.connect(APP.getLocalPort());
    }

    static String subscribe(String symbol, String exchange, Object tf) {
        String tfJson = tf instanceof String ? "\"" + tf + "\"" : String.valueOf(tf);
        return "{\"type\":\"subscribe\",\"symbol\":\"" + symbol + "\",\"exchange\":\"" + exchange + "\",\"tf\":" + tfJson + "}";
    }

    @Test
    void subscribeSendsHistoryThenEachChangedCandleOfThatMarketOnly() throws Exception {
        try (WsClient ws = connect()) {
            JsonNode history = ws.send(subscribe("btcusdt", "binance", 15)).next();
            assertThat(history.get("type").asText()).isEqualTo("history");
            assertThat(history.get("symbol").asText()).isEqualTo("BINANCE:BTCUSDT");
            assertThat(history.get("tf").asInt()).isEqualTo(15);
            assertThat(history.get("candles")).hasSize(50);
            assertThat(history.get("hasMore").asBoolean()).isTrue();
            assertThat(history.get("candles").get(49).get("time").asLong()).isEqualTo(T0 + 59 * 900_000L);
            assertThat(history.get("candles").get(49).get("closed").asBoolean()).isFalse();

            long forming = T0 + 59 * 900_000L;
            assertThat(history.get("candles").get(49).has("openInterest")).as("histories carry the context").isTrue();
            new ContextFixture(db.connection()).openInterest(BTC, forming + 60_000, 42, null, 2);
            replicate(Timeframe.M15, ETH, List.of(ApiDbFixture.candle(T0, 999, true)));
            replicate(Timeframe.M15, BTC, List.of(ApiDbFixture.candle(forming, 160, false)));

            JsonNode update = ws.next();
            assertThat(update.get("type").asText()).isEqualTo("candle");
            assertThat(update.get("symbol").asText()).isEqualTo("BINANCE:BTCUSDT");
            assertThat(update.get("tf").asInt()).isEqualTo(15);
            JsonNode candle = update.get("candle");
            assertThat(candle.get("time").asLong()).isEqualTo(forming);
            assertThat(candle.get("open").asDouble()).isEqualTo(160);
            assertThat(candle.get("closed").asBoolean()).isFalse();
            assertThat(candle.get("clusters").isNull()).isTrue(); // the fixture's candle has no footprint: unknown
            assertThat(candle.get("openInterest").asDouble()).as("a push carries the candle's context").isEqualTo(42);
            assertThat(candle.get("liqLongQty").isNull()).isTrue();

            // The candle closes and the next one opens, in one replicated transaction.
            replicate(Timeframe.M15, BTC, List.of(ApiDbFixture.candle(forming, 161, true),
                    ApiDbFixture.candle(forming + 900_000L, 162, false)));
            JsonNode closedOne = ws.next().get("candle");
            JsonNode opened = ws.next().get("candle");
            assertThat(closedOne.get("time").asLong()).isEqualTo(forming);
            assertThat(closedOne.get("closed").asBoolean()).isTrue();
            assertThat(opened.get("time").asLong()).isEqualTo(forming + 900_000L);

            assertThat(ws.poll(QUIET)).as("no duplicates, nothing from other markets").isNull();
        }
    }

    @Test
    void aConfiguredMarketNotYetBackfilledIsSubscribedAndGetsItsFirstCandlesPushed() throws Exception {
        MarketSymbol sol = MarketSymbol.of("binance", "solusdt");
        db.configured(sol, "15", true);
        try (WsClient ws = connect()) {
            JsonNode history = ws.send(subscribe("solusdt", "binance", 15)).next();
            assertThat(history.get("type").asText()).isEqualTo("history");
            assertThat(history.get("candles")).isEmpty();
            assertThat(history.get("collecting").asBoolean()).isTrue();

            replicate(Timeframe.M15, sol, List.of(ApiDbFixture.candle(T0, 20, true)));
            JsonNode update = ws.next();
            assertThat(update.get("type").asText()).isEqualTo("candle");
            assertThat(update.get("symbol").asText()).isEqualTo("BINANCE:SOLUSDT");
        }
    }

    @Test
    void theFinerTimeframesAreSubscribedByLabelOrMinutesAndPushed() throws Exception {
        try (WsClient ws = connect()) {
            JsonNode m1 = ws.send(subscribe("btcusdt", "binance", "1m")).next();
            assertThat(m1.get("type").asText()).isEqualTo("history");
            assertThat(m1.get("tf").asInt()).isEqualTo(1);
            assertThat(ws.send(subscribe("btcusdt", "binance", 30)).next().get("tf").asInt()).isEqualTo(30);

            replicate(Timeframe.M1, BTC, List.of(ApiDbFixture.candle(T0 + 60_000L, 321, false)));
            JsonNode update = ws.next();
            assertThat(update.get("tf").asInt()).isEqualTo(1);
            assertThat(update.get("candle").get("time").asLong()).isEqualTo(T0 + 60_000L);
            assertThat(update.get("candle").get("open").asDouble()).isEqualTo(321);
            assertThat(ws.poll(QUIET)).as("nothing for the 30m subscription").isNull();
        }
    }

    @Test
    void oneConnectionFollowsSeveralMarketsAndTimeframes() throws Exception {
        try (WsClient ws = connect()) {
            assertThat(ws.send(subscribe("BTCUSDT", "BINANCE", "1h")).next().get("tf").asInt()).isEqualTo(60);
            JsonNode eth = ws.send(subscribe("ethusdt", "binance", "15m")).next();
            assertThat(eth.get("symbol").asText()).isEqualTo("BINANCE:ETHUSDT");
            assertThat(eth.get("candles")).hasSize(5);

            replicate(Timeframe.H1, BTC, List.of(ApiDbFixture.candle(T0 + 9 * 3_600_000L, 777, false)));
            JsonNode h1 = ws.next();
            assertThat(h1.get("tf").asInt()).isEqualTo(60);
            assertThat(h1.get("candle").get("open").asDouble()).isEqualTo(777);

            replicate(Timeframe.M15, ETH, List.of(ApiDbFixture.candle(T0 + 4 * 900_000L, 888, false)));
            JsonNode m15 = ws.next();
            assertThat(m15.get("symbol").asText()).isEqualTo("BINANCE:ETHUSDT");
            assertThat(m15.get("candle").get("open").asDouble()).isEqualTo(888);
        }
    }

    @Test
    void moreChangedRowsThanTheHistoryLimitAreSentAsOneFreshHistory() throws Exception {
        MarketSymbol sol = MarketSymbol.of("binance", "solusdt");
        replicate(Timeframe.H4, sol, ApiDbFixture.series(Timeframe.H4, T0, 3));
        try (WsClient ws = connect()) {
            assertThat(ws.send(subscribe("solusdt", "binance", 240)).next().get("candles")).hasSize(3);

            // A backfill of 80 candles in one replicated revision; the test history limit is 50.
            replicate(Timeframe.H4, sol, ApiDbFixture.series(Timeframe.H4, T0 - 77 * Timeframe.H4.millis(), 80));
            JsonNode fresh = ws.next();
            assertThat(fresh.get("type").asText()).isEqualTo("history");
            assertThat(fresh.get("symbol").asText()).isEqualTo("BINANCE:SOLUSDT");
            assertThat(fresh.get("candles")).hasSize(50);
            assertThat(fresh.get("hasMore").asBoolean()).isTrue();
            assertThat(ws.poll(QUIET)).isNull();

            replicate(Timeframe.H4, sol, List.of(ApiDbFixture.candle(T0 + 3 * Timeframe.H4.millis(), 42, false)));
            assertThat(ws.next().get("type").asText()).isEqualTo("candle");
        }
    }

    /**
     * The race behind a flaky {@link #moreChangedRowsThanTheHistoryLimitAreSentAsOneFreshHistory}: a
     * subscription handled before the hub's poller saw the newest revision. This hub is not started,
     * so the test decides when it polls.
     */
    @Test
    void aSubscriptionHandledBeforeThePollerSawTheNewestRevisionGetsThatRevisionOnlyInItsHistory() throws Exception {
        ApiApplication app = APP.getApplication();
        java.util.concurrent.ScheduledExecutorService thread =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        LiveHub hub = new LiveHub(app.database(),
                new CandleReader(app.database(), new RenderCache(1 << 20), new PageCache(16, 1 << 20)),
                new LiveMessages(new ObjectMapper()), APP.getConfiguration().getLive(), new MetricRegistry(), thread);
        try {
            MarketSymbol ada = MarketSymbol.of("binance", "adausdt");
            Subscription adaH4 = new Subscription(ada, Timeframe.H4);
            hub.poll(); // the hub's position: the newest revision so far
            replicate(Timeframe.H4, ada, ApiDbFixture.series(Timeframe.H4, T0, 3)); // committed after that poll

            RecordingClient client = new RecordingClient();
            hub.subscribe(client, adaH4);
            assertThat(hub.subscriberCount(adaH4)).isEqualTo(1); // runs after the subscription on the hub thread
            hub.poll();
            assertThat(client.types()).as("the history and nothing it already holds").containsExactly("history");

            replicate(Timeframe.H4, ada, List.of(ApiDbFixture.candle(T0 + 3 * Timeframe.H4.millis(), 7, false)));
            hub.poll();
            assertThat(client.types()).containsExactly("history", "candle");
        } finally {
            thread.shutdownNow();
        }
    }

    /** The hub's side of a connection, recording what it is sent. */
    static final class RecordingClient extends LiveClient {
        private final List<String> sent = new java.util.concurrent.CopyOnWriteArrayList<>();

        RecordingClient() {
            super(null, 1 << 20, new com.codahale.metrics.Meter());
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public synchronized void send(String text) {
            sent.add(text);
        }

        List<String> types() throws Exception {
            List<String> out = new ArrayList<>();
            for (String m : sent) {
                out.add(new ObjectMapper().readTree(m).get("type").asText());
            }
            return out;
        }
    }

    @Test
    void unsubscribeStopsUpdates() throws Exception {
        try (WsClient ws = connect()) {
            ws.send(subscribe("ethusdt", "binance", 15)).next();
            JsonNode ack = ws.send("{\"type\":\"unsubscribe\",\"symbol\":\"ethusdt\",\"exchange\":\"binance\",\"tf\":15}").next();
            assertThat(ack.get("type").asText()).isEqualTo("unsubscribed");
            assertThat(ack.get("symbol").asText()).isEqualTo("BINANCE:ETHUSDT");

            replicate(Timeframe.M15, ETH, List.of(ApiDbFixture.candle(T0 + 4 * 900_000L, 889, false)));
            assertThat(ws.poll(QUIET)).isNull();

            JsonNode again = ws.send("{\"type\":\"unsubscribe\",\"symbol\":\"ethusdt\",\"tf\":15}").next();
            assertThat(again.get("type").asText()).isEqualTo("error");
            assertThat(again.get("message").asText()).contains("not subscribed");
        }
    }

    @Test
    void subscriptionsPerConnectionAreCapped() {
        try (WsClient ws = connect()) {
            ws.send(subscribe("btcusdt", "binance", 15)).next();
            ws.send(subscribe("btcusdt", "binance", 60)).next();
            ws.send(subscribe("ethusdt", "binance", 15)).next();
            assertThat(ws.send(subscribe("btcusdt", "binance", 15)).next().get("type").asText())
                    .as("re-subscribing to a followed market is not a new subscription").isEqualTo("history");

            JsonNode refused = ws.send(subscribe("btcusdt", "binance", 240)).next();
            assertThat(refused.get("type").asText()).isEqualTo("error");
            assertThat(refused.get("message").asText()).contains("limit of 3");
        }
    }

    @Test
    void badMessagesGetAnErrorAndTheConnectionStaysUsable() {
        try (WsClient ws = connect()) {
            assertError(ws.send("{not json").next(), "invalid JSON");
            assertError(ws.send("[1,2]").next(), "JSON object");
            assertError(ws.send("{\"type\":\"dance\"}").next(), "unknown type 'dance'");
            assertError(ws.send("{\"symbol\":\"btcusdt\"}").next(), "unknown type ''");
            assertError(ws.send(subscribe("btcusdt", "binance", 7)).next(), "tf: must be one of 1, 5, 15, 30, 60, 240, 1440");
            assertError(ws.send(subscribe("btc/usdt", "binance", 15)).next(), "symbol:");
            assertError(ws.send("{\"type\":\"subscribe\",\"symbol\":{\"a\":1}}").next(), "symbol: must be a string");
            assertError(ws.send(subscribe("dogeusdt", "binance", 15)).next(), "unknown market BINANCE:DOGEUSDT");

            assertThat(ws.send(subscribe("btcusdt", "binance", 15)).next().get("type").asText()).isEqualTo("history");
        }
    }

    @Test
    void anOversizedFrameClosesTheConnectionWith1009() throws Exception {
        try (WsClient ws = connect()) {
            ws.send("{\"type\":\"subscribe\",\"pad\":\"" + "x".repeat(2048) + "\"}");
            assertThat(ws.closed.get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1009);
        }
    }

    @Test
    void aClientThatStopsReadingIsDroppedWhileOthersGetEveryUpdate() throws Exception {
        MarketSymbol big = MarketSymbol.of("binance", "bigusdt");
        replicate(Timeframe.M15, big, ApiDbFixture.series(Timeframe.M15, T0, 1));
        long droppedBefore = APP.getEnvironment().metrics().meter("cryptoflow.api.live.dropped-slow-clients").getCount();
        LiveHub hub = APP.<ApiApplication>getApplication().liveHub();
        Subscription bigM15 = new Subscription(big, Timeframe.M15);
        try (WsClient fast = connect(); WsClient slow = WsClient.connectNotReading(APP.getLocalPort())) {
            fast.send(subscribe("bigusdt", "binance", 15)).next();
            slow.send(subscribe("bigusdt", "binance", 15));
            await().atMost(Duration.ofSeconds(10)).until(() -> hub.subscriberCount(bigM15) == 2);

            // Rounds of ~1.2 MB; the reading client takes each whole round before the next one is
            // replicated, so only a client that stops reading can pile up more than 2 MiB. Rounds stop
            // once the slow client has been dropped (its socket buffers filled, then 2 MiB queued).
            var dropped = APP.getEnvironment().metrics().meter("cryptoflow.api.live.dropped-slow-clients");
            String clusters = bigClusters();
            for (int round = 0; round < 60 && dropped.getCount() == droppedBefore; round++) {
                List<Candle> burst = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    burst.add(ApiDbFixture.candle(T0 + i * 900_000L, 1000 + round * 20 + i, true).withClusters(clusters));
                }
                replicate(Timeframe.M15, big, burst);
                for (int i = 0; i < 20; i++) {
                    JsonNode c = fast.next().get("candle");
                    assertThat(c.get("time").asLong()).isEqualTo(T0 + i * 900_000L);
                    assertThat(c.get("open").asDouble()).isEqualTo(1000 + round * 20 + i);
                }
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> dropped.getCount() == droppedBefore + 1);
            // Server side the dropped connection is closed and its subscription released.
            await().atMost(Duration.ofSeconds(10)).until(() -> hub.subscriberCount(bigM15) == 1);

            // The reader is unaffected: it still gets the next update.
            replicate(Timeframe.M15, big, List.of(ApiDbFixture.candle(T0, 5, true)));
            assertThat(fast.next().get("candle").get("open").asDouble()).isEqualTo(5);
        }
    }

    /** About 60 KB of footprint levels, so 200 updates exceed any socket buffer. */
    static String bigClusters() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < 2000; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append("\"").append(30000 + i).append(".5\":{\"buy\":1.25,\"sell\":2.5}");
        }
        return sb.append('}').toString();
    }

    static void assertError(JsonNode msg, String contains) {
        assertThat(msg.get("type").asText()).isEqualTo("error");
        assertThat(msg.get("message").asText()).contains(contains);
    }
}
