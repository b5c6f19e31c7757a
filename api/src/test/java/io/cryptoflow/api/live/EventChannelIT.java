package io.cryptoflow.api.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cryptoflow.api.ApiApplication;
import io.cryptoflow.api.ApiConfiguration;
import io.cryptoflow.api.support.ApiDbFixture;
import io.cryptoflow.api.support.ContextFixture;
import io.cryptoflow.api.support.TradeFixture;
import io.cryptoflow.api.support.WsClient;
import io.cryptoflow.common.TradePartition;
import io.cryptoflow.common.MarketSymbol;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trades and liquidations channels of {@code /ws} and {@code /api/trades} over HTTP against a real
 * api.db; the test plays the replicator (rows into a partition, then cf_replica.source_rev moved).
 * Liquidations are told apart by their price (100 + their seq).
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class EventChannelIT {

    static final TradePartition DAY = new TradePartition("BINANCE", LocalDate.now(java.time.ZoneOffset.UTC));
    static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    static Path dataDir;

    static final DropwizardAppExtension<ApiConfiguration> APP = new DropwizardAppExtension<>(
            ApiApplication.class, ResourceHelpers.resourceFilePath("test-api.yml"),
            ConfigOverride.config("dataDir", () -> dataDir.toString()));

    static ApiDbFixture db;
    static long rev = 1;
    static long nextId = 1;
    static long nextSeq = 1;
    static final String SUBSCRIBE = "{\"type\":\"subscribe\",\"channel\":\"liquidations\",\"exchange\":\"binance\",\"symbol\":\"btcusdt\"";

    @BeforeAll
    static void createReplica() throws Exception {
        db = ApiDbFixture.create(dataDir.resolve("api.db"));
        replicate(10);
        replicateLiquidations(10);
    }

    @AfterAll
    static void closeFixture() throws Exception {
        db.close();
    }

    /** {@code n} new BTCUSDT trades, two per millisecond, under a new revision. */
    static synchronized void replicate(int n) throws Exception {
        rev++;
        List<TradeFixture.Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++, nextId++) {
            rows.add(new TradeFixture.Row("BTCUSDT", nextId, DAY.dayStart() + 1000 + nextId / 2, 100 + nextId, 0.5, nextId % 2 == 0));
        }
        inOneTransaction(() -> {
            TradeFixture.write(db.connection(), DAY, rev, rows);
            db.replica(rev, System.currentTimeMillis(), System.currentTimeMillis(), "incremental");
        });
    }

    interface SqlWork {
        void run() throws java.sql.SQLException;
    }

    /**
     * Rows and the replica's new revision in one transaction, as the replicator applies them: a poll
     * between two inserts would otherwise push part of a revision (a poller that had not yet seen the
     * previous test's revision did exactly that, and the test read only the first frame).
     */
    static void inOneTransaction(SqlWork work) throws java.sql.SQLException {
        java.sql.Connection c = db.connection();
        c.setAutoCommit(false);
        try {
            work.run();
            c.commit();
        } catch (java.sql.SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    static String cursorOf(long id) {
        return (DAY.dayStart() + 1000 + id / 2) + "-" + id;
    }

    /** What a client resuming after 7 got: 8 up to the newest, each once, in order, and then nothing more. */
    static void assertEverythingAfterSevenOnce(List<Long> got, long next, WsClient resumed) {
        assertThat(got).containsExactlyElementsOf(java.util.stream.LongStream.range(8, next).boxed().toList());
        assertThat(resumed.poll(Duration.ofMillis(300))).isNull();
    }

    static List<Long> ids(JsonNode frame) {
        List<Long> ids = new ArrayList<>();
        frame.get("trades").forEach(t -> ids.add(t.get(1).asLong()));
        return ids;
    }

    @Test
    void aResumingClientGetsWhatItMissedThenTheLiveFlowWithoutGapOrDuplicate() throws Exception {
        try (WsClient live = WsClient.connect(APP.getLocalPort()); WsClient resumed = WsClient.connect(APP.getLocalPort())) {
            JsonNode ack = live.send("{\"type\":\"subscribe\",\"channel\":\"trades\",\"exchange\":\"binance\",\"symbol\":\"btcusdt\"}")
                    .next(WAIT);
            assertThat(ack.get("type").asText()).isEqualTo("subscribed");
            long first = nextId;
            replicate(5);
            JsonNode pushed = live.next(WAIT);
            assertThat(pushed.get("replay").asBoolean()).isFalse();
            assertThat(ids(pushed)).containsExactly(first, first + 1, first + 2, first + 3, first + 4);
            assertThat(pushed.get("cursor").asText()).isEqualTo(cursorOf(first + 4));

            // a client that had everything up to id 7 (which shares its millisecond with id 6... and 8 with 9)
            List<Long> got = new ArrayList<>();
            resumed.send("{\"type\":\"subscribe\",\"channel\":\"trades\",\"exchange\":\"binance\",\"symbol\":\"btcusdt\",\"after\":\""
                    + cursorOf(7) + "\"}");
            JsonNode replay = resumed.next(WAIT);
            assertThat(replay.get("replay").asBoolean()).isTrue();
            got.addAll(ids(replay));
            assertThat(resumed.next(WAIT).get("type").asText()).isEqualTo("subscribed");
            long more = nextId;
            replicate(3);
            got.addAll(ids(resumed.next(WAIT)));
            assertThat(ids(live.next(WAIT))).containsExactly(more, more + 1, more + 2);
            assertEverythingAfterSevenOnce(got, nextId, resumed);
        }
    }

    @Test
    void badFramesAreAnsweredByParameterName() {
        try (WsClient ws = WsClient.connect(APP.getLocalPort())) {
            JsonNode e = ws.send("{\"type\":\"subscribe\",\"channel\":\"trades\",\"symbol\":\"btcusdt\",\"after\":\"x\"}").next(WAIT);
            assertThat(e.get("type").asText()).isEqualTo("error");
            assertThat(e.get("message").asText()).startsWith("after:");
            e = ws.send("{\"type\":\"subscribe\",\"channel\":\"trades\",\"symbol\":\"b/d\"}").next(WAIT);
            assertThat(e.get("message").asText()).startsWith("symbol:");
        }
    }

    @Test
    void httpAnswersJsonCsvGzipAndNamesBadParameters() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://localhost:" + APP.getLocalPort() + "/api/trades?exchange=binance&symbol=btcusdt";
        HttpResponse<String> csv = http.send(HttpRequest.newBuilder(URI.create(base + "&format=csv&limit=3")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(csv.body().split("\n")).hasSize(4);
        HttpResponse<byte[]> gz = http.send(HttpRequest.newBuilder(URI.create(base)).header("Accept-Encoding", "gzip").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(gz.headers().firstValue("Content-Encoding")).hasValue("gzip");
        String json = new String(new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gz.body())).readAllBytes());
        assertThat(json).startsWith("{\"exchange\":\"BINANCE\"");
        for (String[] bad : new String[][] {{"&from=9&to=1", "from"}, {"&cursor=zz", "cursor"}, {"&limit=-1", "limit"},
                {"&format=xml", "format"}, {"&symbol=b%2Fd", "symbol"}}) {
            String url = bad[1].equals("symbol") ? base.replace("symbol=btcusdt", "x=1") + bad[0] : base + bad[0];
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(bad[0]).isEqualTo(400);
            assertThat(r.body()).contains("\"message\":\"" + bad[1] + ":");
        }
        HttpResponse<String> outside = http.send(HttpRequest.newBuilder(URI.create(base + "&from=0&to=1000")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(outside.statusCode()).isEqualTo(404);
        assertThat(outside.body()).contains("\"window\":{\"from\":" + DAY.dayStart());
    }

    @Test
    void tradesOfAConfiguredMarketWithoutAnyAreEmptyAndCollectingOrAConflictWhenItsOrderFlowIsOff() throws Exception {
        db.configured(MarketSymbol.of("binance", "solusdt"), "15", true, 1000) // BINANCE has trades: order flow on
                .configured(MarketSymbol.of("bybit", "xrpusdt"), "15", true, 1000); // long configured, no BYBIT trade
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://localhost:" + APP.getLocalPort() + "/api/trades?";
        HttpResponse<String> json = http.send(HttpRequest.newBuilder(URI.create(base + "exchange=binance&symbol=solusdt"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.body()).contains("\"trades\":[]").contains("\"window\":null").endsWith(",\"collecting\":true}");
        assertThat(json.headers().firstValue("X-Trades-Collecting")).hasValue("true");
        assertThat(json.headers().firstValue("X-Trades-Window")).isEmpty();
        HttpResponse<String> csv = http.send(HttpRequest.newBuilder(URI.create(base + "exchange=binance&symbol=solusdt&format=csv"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.body()).isEqualTo("time,id,price,qty,side\n");
        HttpResponse<String> off = http.send(HttpRequest.newBuilder(URI.create(base + "exchange=bybit&symbol=xrpusdt")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(off.statusCode()).isEqualTo(409);
        assertThat(off.body()).contains("trades not collected for BYBIT:XRPUSDT").contains("orderFlow.enabled");
        HttpResponse<String> typo = http.send(HttpRequest.newBuilder(URI.create(base + "exchange=binance&symbol=btcusdx")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(typo.statusCode()).isEqualTo(404);
        assertThat(typo.body()).contains("unknown market BINANCE:BTCUSDX").contains("symbol and exchange parameters");
    }

    /** {@code n} new BTCUSDT liquidations, two per millisecond, longs on odd seq, under a new revision. */
    static synchronized void replicateLiquidations(int n) throws Exception {
        rev++;
        ContextFixture events = new ContextFixture(db.connection());
        inOneTransaction(() -> {
            for (int i = 0; i < n; i++, nextSeq++) {
                events.liquidation(ApiDbFixture.BTC, liquidationTime(nextSeq), nextSeq % 2 == 1, 100 + nextSeq, 0.5, rev);
            }
            db.replica(rev, System.currentTimeMillis(), System.currentTimeMillis(), "incremental");
        });
    }

    static long liquidationTime(long seq) {
        return DAY.dayStart() + 1000 + seq / 2;
    }

    static String liquidationCursor(long seq) {
        return liquidationTime(seq) + "-" + seq;
    }

    static List<Long> seqs(JsonNode frame) {
        List<Long> seqs = new ArrayList<>();
        frame.get("liquidations").forEach(l -> seqs.add(l.get(2).asLong() - 100));
        return seqs;
    }

    @Test
    void aResumingLiquidationsClientGetsWhatItMissedThenTheLiveFlowWithoutGapOrDuplicate() throws Exception {
        try (WsClient live = WsClient.connect(APP.getLocalPort()); WsClient resumed = WsClient.connect(APP.getLocalPort())) {
            JsonNode ack = live.send(SUBSCRIBE + "}").next(WAIT);
            assertThat(ack.get("type").asText()).isEqualTo("subscribed");
            assertThat(ack.get("channel").asText()).isEqualTo("liquidations");
            long first = nextSeq;
            replicateLiquidations(5);
            JsonNode pushed = live.next(WAIT);
            assertThat(pushed.get("type").asText()).isEqualTo("liquidations");
            assertThat(pushed.get("replay").asBoolean()).isFalse();
            assertThat(seqs(pushed)).containsExactly(first, first + 1, first + 2, first + 3, first + 4);
            JsonNode row = pushed.get("liquidations").get(0);
            assertThat(row.get(0).asLong()).isEqualTo(liquidationTime(first));
            assertThat(row.get(1).asText()).isEqualTo(first % 2 == 1 ? "long" : "short");
            assertThat(row.get(4).asDouble()).isEqualTo((100 + first) * 0.5);
            assertThat(pushed.get("cursor").asText()).isEqualTo(liquidationCursor(first + 4));

            // a client that had everything up to seq 7 (which shares its millisecond with seq 6, and 8 with 9)
            List<Long> got = new ArrayList<>();
            resumed.send(SUBSCRIBE + ",\"after\":\"" + liquidationCursor(7) + "\"}");
            JsonNode replay = resumed.next(WAIT);
            assertThat(replay.get("replay").asBoolean()).isTrue();
            got.addAll(seqs(replay));
            JsonNode subscribed = resumed.next(WAIT);
            assertThat(subscribed.get("type").asText()).isEqualTo("subscribed");
            assertThat(subscribed.get("cursor").asText()).isEqualTo(liquidationCursor(nextSeq - 1));
            long more = nextSeq;
            replicateLiquidations(3);
            got.addAll(seqs(resumed.next(WAIT)));
            assertThat(seqs(live.next(WAIT))).containsExactly(more, more + 1, more + 2);
            assertEverythingAfterSevenOnce(got, nextSeq, resumed);
            assertThat(live.send("{\"type\":\"unsubscribe\",\"channel\":\"liquidations\",\"exchange\":\"binance\","
                    + "\"symbol\":\"btcusdt\"}").next(WAIT).get("type").asText()).isEqualTo("unsubscribed");
        }
    }

    @Test
    void badLiquidationFramesAreAnsweredWithAnErrorNamingTheProblem() {
        try (WsClient ws = WsClient.connect(APP.getLocalPort())) {
            for (String[] bad : new String[][] {
                    {SUBSCRIBE + ",\"after\":\"x\"}", "after:"},
                    {SUBSCRIBE + ",\"after\":\"12-\"}", "after:"},
                    {SUBSCRIBE + ",\"after\":{\"a\":1}}", "after:"},
                    {"{\"type\":\"subscribe\",\"channel\":\"liquidations\",\"symbol\":\"b/d\"}", "symbol:"},
                    {"{\"type\":\"subscribe\",\"channel\":\"liquidations\",\"exchange\":\"??\"}", "exchange:"},
                    {"{\"type\":\"subscribe\",\"channel\":\"liquidationz\"}", "channel:"},
                    {"{\"type\":\"subscribe\",\"channel\":[1]}", "channel:"},
                    {"{\"type\":\"resume\",\"channel\":\"liquidations\"}", "unknown type for the liquidations channel"},
                    {"{\"type\":\"unsubscribe\",\"channel\":\"liquidations\",\"symbol\":\"ethusdt\"}", "not subscribed to liquidations"}}) {
                JsonNode e = ws.send(bad[0]).next(WAIT);
                assertThat(e.get("type").asText()).as(bad[0]).isEqualTo("error");
                assertThat(e.get("message").asText()).as(bad[0]).startsWith(bad[1]);
            }
        }
    }
}
