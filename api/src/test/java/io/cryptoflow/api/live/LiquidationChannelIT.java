package io.cryptoflow.api.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cryptoflow.api.ApiApplication;
import io.cryptoflow.api.ApiConfiguration;
import io.cryptoflow.api.support.ApiDbFixture;
import io.cryptoflow.api.support.ContextFixture;
import io.cryptoflow.api.support.WsClient;
import io.cryptoflow.common.TradePartition;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
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
 * The liquidations channel of {@code /ws} against a real api.db; the test plays the replicator (events
 * into today's liquidation partition, then cf_replica.source_rev moved). Events are told apart by their
 * price (100 + their seq).
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class LiquidationChannelIT {

    static final long DAY = new TradePartition("BINANCE", LocalDate.now(java.time.ZoneOffset.UTC)).dayStart();
    static final Duration WAIT = Duration.ofSeconds(5);
    static final String SUBSCRIBE = "{\"type\":\"subscribe\",\"channel\":\"liquidations\",\"exchange\":\"binance\",\"symbol\":\"btcusdt\"";

    @TempDir
    static Path dataDir;

    static final DropwizardAppExtension<ApiConfiguration> APP = new DropwizardAppExtension<>(
            ApiApplication.class, ResourceHelpers.resourceFilePath("test-api.yml"),
            ConfigOverride.config("dataDir", () -> dataDir.toString()));

    static ApiDbFixture db;
    static long rev = 1;
    static long nextSeq = 1;

    @BeforeAll
    static void createReplica() throws Exception {
        db = ApiDbFixture.create(dataDir.resolve("api.db"));
        replicate(10);
    }

    @AfterAll
    static void closeFixture() throws Exception {
        db.close();
    }

    /** {@code n} new BTCUSDT liquidations, two per millisecond, longs on odd seq, under a new revision. */
    static synchronized void replicate(int n) throws Exception {
        rev++;
        ContextFixture events = new ContextFixture(db.connection());
        for (int i = 0; i < n; i++, nextSeq++) {
            events.liquidation(ApiDbFixture.BTC, timeOf(nextSeq), nextSeq % 2 == 1, 100 + nextSeq, 0.5, rev);
        }
        db.replica(rev, System.currentTimeMillis(), System.currentTimeMillis(), "incremental");
    }

    static long timeOf(long seq) {
        return DAY + 1000 + seq / 2;
    }

    static String cursorOf(long seq) {
        return timeOf(seq) + "-" + seq;
    }

    static List<Long> seqs(JsonNode frame) {
        List<Long> seqs = new ArrayList<>();
        frame.get("liquidations").forEach(l -> seqs.add(l.get(2).asLong() - 100));
        return seqs;
    }

    @Test
    void aResumingClientGetsWhatItMissedThenTheLiveFlowWithoutGapOrDuplicate() throws Exception {
        try (WsClient live = WsClient.connect(APP.getLocalPort()); WsClient resumed = WsClient.connect(APP.getLocalPort())) {
            JsonNode ack = live.send(SUBSCRIBE + "}").next(WAIT);
            assertThat(ack.get("type").asText()).isEqualTo("subscribed");
            assertThat(ack.get("channel").asText()).isEqualTo("liquidations");
            long first = nextSeq;
            replicate(5);
            JsonNode pushed = live.next(WAIT);
            assertThat(pushed.get("type").asText()).isEqualTo("liquidations");
            assertThat(pushed.get("replay").asBoolean()).isFalse();
            assertThat(seqs(pushed)).containsExactly(first, first + 1, first + 2, first + 3, first + 4);
            JsonNode row = pushed.get("liquidations").get(0);
            assertThat(row.get(0).asLong()).isEqualTo(timeOf(first));
            assertThat(row.get(1).asText()).isEqualTo(first % 2 == 1 ? "long" : "short");
            assertThat(row.get(4).asDouble()).isEqualTo((100 + first) * 0.5);
            assertThat(pushed.get("cursor").asText()).isEqualTo(cursorOf(first + 4));

            // a client that had everything up to seq 7 (which shares its millisecond with seq 6, and 8 with 9)
            List<Long> got = new ArrayList<>();
            resumed.send(SUBSCRIBE + ",\"after\":\"" + cursorOf(7) + "\"}");
            JsonNode replay = resumed.next(WAIT);
            assertThat(replay.get("replay").asBoolean()).isTrue();
            got.addAll(seqs(replay));
            JsonNode subscribed = resumed.next(WAIT);
            assertThat(subscribed.get("type").asText()).isEqualTo("subscribed");
            assertThat(subscribed.get("cursor").asText()).isEqualTo(cursorOf(nextSeq - 1));
            long more = nextSeq;
            replicate(3);
            got.addAll(seqs(resumed.next(WAIT)));
            assertThat(seqs(live.next(WAIT))).containsExactly(more, more + 1, more + 2);
            List<Long> expected = new ArrayList<>();
            for (long seq = 8; seq < nextSeq; seq++) {
                expected.add(seq);
            }
            assertThat(got).containsExactlyElementsOf(expected);
            assertThat(resumed.poll(Duration.ofMillis(300))).isNull();
            assertThat(live.send("{\"type\":\"unsubscribe\",\"channel\":\"liquidations\",\"exchange\":\"binance\","
                    + "\"symbol\":\"btcusdt\"}").next(WAIT).get("type").asText()).isEqualTo("unsubscribed");
        }
    }

    @Test
    void badFramesAreAnsweredWithAnErrorNamingTheProblem() {
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
