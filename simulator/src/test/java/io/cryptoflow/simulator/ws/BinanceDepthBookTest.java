package io.cryptoflow.simulator.ws;

import static io.cryptoflow.simulator.ws.BookFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cryptoflow.simulator.faults.BookFaults;
import io.cryptoflow.simulator.http.SimRequest;
import io.cryptoflow.simulator.http.SimResponse;
import io.cryptoflow.simulator.limits.WeightLimiter;
import io.cryptoflow.simulator.market.Venue;
import io.cryptoflow.simulator.rest.BinanceDepthRoutes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Binance USD-M {@code @depth@100ms} + REST {@code /fapi/v1/depth} against a client following "How to
 * manage a local order book correctly" (docs/exchanges.md, "Order books (issue 22)").
 */
class BinanceDepthBookTest {

    private static final String STREAM = "btcusdt@depth@100ms";

    private final BookFixture f = new BookFixture(Venue.BINANCE_FUTURES);
    private final BinanceDepthRoutes rest = new BinanceDepthRoutes(f.data,
            new WeightLimiter(2400, Duration.ofMinutes(1), Duration.ofMinutes(2), true, f.clock), f.faults);

    /** The documented procedure: buffer, snapshot, drop u &lt; lastUpdateId, bridge U &lt;= id &lt;= u, then pu == previous u. */
    private final class Client extends BookStreamClient {
        final List<JsonNode> buffer = new ArrayList<>();
        Long snapshotId;
        Long lastU;

        @Override
        void on(JsonNode message) {
            assertThat(message.get("stream").asText()).isEqualTo(STREAM);
            onEvent(message.get("data"));
        }

        private void onEvent(JsonNode e) {
            if (lastU == null) {
                buffer.add(e);
                drain();
            } else if (e.get("pu").asLong() != lastU) {
                detections.add("pu " + e.get("pu").asLong() + " != " + lastU);
                lastU = null;
                buffer.clear();
                buffer.add(e);
            } else {
                apply(e);
            }
        }

        @Override
        boolean synced() {
            return lastU != null;
        }

        @Override
        void afterTick(int tick) {
            if (lastU == null && snapshotId == null && tick % 10 == 0) {
                JsonNode s = json(new String(depth("1000").body(), StandardCharsets.UTF_8));
                book.clear();
                book.apply(s.get("bids"), true);
                book.apply(s.get("asks"), false);
                snapshotId = s.get("lastUpdateId").asLong();
                drain();
            }
        }

        private void drain() {
            while (snapshotId != null && !buffer.isEmpty()) {
                JsonNode e = buffer.remove(0);
                if (e.get("u").asLong() < snapshotId) {
                    continue;
                }
                boolean bridges = e.get("U").asLong() <= snapshotId;
                if (!bridges) {
                    detections.add("stale snapshot " + snapshotId + " < U " + e.get("U").asLong());
                    buffer.add(0, e);
                }
                snapshotId = null;
                if (bridges) {
                    apply(e);
                }
            }
            if (lastU != null && !buffer.isEmpty()) {
                List<JsonNode> rest = new ArrayList<>(buffer);
                buffer.clear();
                rest.forEach(this::onEvent);
            }
        }

        private void apply(JsonNode e) {
            book.apply(e.get("b"), true);
            book.apply(e.get("a"), false);
            lastU = e.get("u").asLong();
            bookTime = e.get("T").asLong();
        }
    }

    private SimResponse depth(String limit) {
        return rest.handle(new SimRequest(Instant.ofEpochMilli(f.now()), "/fapi/v1/depth", "",
                Map.of("symbol", "BTCUSDT", "limit", limit)));
    }

    private int run(Client client, int seconds) {
        return f.run(client, () -> new BookSubscription(STREAM, f.model,
                new BinanceDepthFeed(f.model, STREAM, true, 100), f.faults, f.now()), seconds, 0);
    }

    @Test
    void aClientFollowingTheDocumentedRulesHoldsTheTrueBook() {
        Client client = new Client();
        int compared = run(client, 60);
        assertThat(client.detections).isEmpty();
        assertThat(compared).isGreaterThan(60 * 20 - 20);
    }

    @Test
    void aStaleSnapshotADroppedAndAnOutOfOrderDiffAreEachCaughtAndTheBookIsRightAgain() {
        f.faults.arm(BookFaults.Kind.STALE_SNAPSHOT, Venue.BINANCE_FUTURES, "BTCUSDT");
        f.faults.armAt(BookFaults.Kind.DROP_DIFF, Venue.BINANCE_FUTURES, "BTCUSDT", BookFixture.START + 10_000);
        f.faults.armAt(BookFaults.Kind.OUT_OF_ORDER_DIFF, Venue.BINANCE_FUTURES, "BTCUSDT", BookFixture.START + 20_000);
        Client client = new Client();
        run(client, 30);
        assertThat(f.faults.injected()).extracting(BookFaults.Injected::kind).containsExactly(
                BookFaults.Kind.STALE_SNAPSHOT, BookFaults.Kind.DROP_DIFF, BookFaults.Kind.OUT_OF_ORDER_DIFF);
        assertThat(f.faults.injected().get(1).marketTimeMs()).isBetween(BookFixture.START + 10_000, BookFixture.START + 10_100);
        assertThat(client.detections).hasSize(3);
        assertThat(client.detections.get(0)).startsWith("stale snapshot");
        assertThat(client.detections.subList(1, 3)).allMatch(d -> d.startsWith("pu"));
        assertThat(client.lastU).as("synced again").isNotNull();
    }

    @Test
    void restDepthServesTheBestLevelsWithBinancesLimitsAndWeights() {
        SimResponse five = depth("5");
        JsonNode body = json(new String(five.body(), StandardCharsets.UTF_8));
        assertThat(five.headers()).containsEntry("X-MBX-USED-WEIGHT-1M", "2");
        assertThat(body.get("bids")).hasSize(5);
        assertThat(body.get("asks")).hasSize(5);
        assertThat(body.get("lastUpdateId").asLong()).isEqualTo(f.model.updateIdAfter(f.now() / 100));
        assertThat(body.get("bids").get(0).get(0).asDouble()).isLessThan(body.get("asks").get(0).get(0).asDouble());
        SimResponse all = depth("1000");
        assertThat(all.headers()).containsEntry("X-MBX-USED-WEIGHT-1M", "22");
        assertThat(json(new String(all.body(), StandardCharsets.UTF_8)).get("bids").size())
                .isEqualTo(f.model.bookAt(f.now()).bidUnits().size());
        SimResponse bad = depth("7");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(new String(bad.body(), StandardCharsets.UTF_8)).contains("-1130");
    }
}
