package io.cryptoflow.simulator.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cryptoflow.simulator.faults.BookFaults;
import io.cryptoflow.simulator.market.Venue;
import org.junit.jupiter.api.Test;

/**
 * Bybit v5 {@code orderbook.<depth>.<SYMBOL>} against a client following Bybit's "Process snapshot/delta"
 * rules: a snapshot (re)sets the book, a delta needs {@code u} = previous {@code u} + 1, otherwise the
 * client resubscribes (docs/exchanges.md, "Order books (issue 22)").
 */
class BybitOrderbookBookTest {

    private final BookFixture f = new BookFixture(Venue.BYBIT_LINEAR);

    private static final class Client extends BookStreamClient {
        Long lastU;
        boolean awaitingSnapshot = true;
        int restarts;

        @Override
        void on(JsonNode m) {
            JsonNode data = m.get("data");
            long u = data.get("u").asLong();
            if (m.get("type").asText().equals("snapshot")) {
                book.clear();
                apply(data, m);
                restarts += u == 1 ? 1 : 0;
                awaitingSnapshot = false;
            } else if (!awaitingSnapshot && u != lastU + 1) {
                detections.add("u " + u + " after " + lastU);
                awaitingSnapshot = true;
                resubscribe = true;
            } else if (!awaitingSnapshot) {
                apply(data, m);
            }
        }

        @Override
        boolean synced() {
            return !awaitingSnapshot;
        }

        private void apply(JsonNode data, JsonNode m) {
            book.apply(data.get("b"), true);
            book.apply(data.get("a"), false);
            lastU = data.get("u").asLong();
            bookTime = m.get("cts").asLong();
        }
    }

    private int run(Client client, int depth, int seconds) {
        String topic = "orderbook." + depth + ".BTCUSDT";
        return f.run(client, () -> new BookSubscription(topic, f.model,
                new BybitOrderbookFeed(f.model, topic, depth, f.faults), f.faults, f.now()), seconds, depth);
    }

    @Test
    void aClientFollowingTheDocumentedRulesHoldsTheBestLevelsOfTheTrueBook() {
        Client fifty = new Client();
        assertThat(run(fifty, 50, 30)).isEqualTo(30 * 20);
        assertThat(fifty.detections).isEmpty();
        Client twoHundred = new Client();
        run(twoHundred, 200, 10);
        assertThat(twoHundred.book.matches(f.model.bookAt(twoHundred.bookTime))).as("200 levels hold the whole book").isTrue();
        Client one = new Client();
        assertThat(run(one, 1, 5)).as("depth 1: snapshots only").isEqualTo(5 * 20);
        assertThat(one.detections).isEmpty();
    }

    @Test
    void aDroppedAndAnOutOfOrderDeltaBreakTheUChainAndAResetSnapshotStartsItAgainAtOne() {
        f.faults.armAt(BookFaults.Kind.DROP_DIFF, Venue.BYBIT_LINEAR, "BTCUSDT", BookFixture.START + 5_000);
        f.faults.armAt(BookFaults.Kind.OUT_OF_ORDER_DIFF, Venue.BYBIT_LINEAR, "BTCUSDT", BookFixture.START + 10_000);
        f.faults.armAt(BookFaults.Kind.RESET_SNAPSHOT, Venue.BYBIT_LINEAR, "BTCUSDT", BookFixture.START + 15_000);
        Client client = new Client();
        run(client, 50, 20);
        assertThat(f.faults.injected()).extracting(BookFaults.Injected::kind).containsExactly(
                BookFaults.Kind.DROP_DIFF, BookFaults.Kind.OUT_OF_ORDER_DIFF, BookFaults.Kind.RESET_SNAPSHOT);
        assertThat(client.detections).hasSize(2);
        assertThat(client.restarts).isEqualTo(1);
        assertThat(client.lastU).as("u counts on from the restart's 1").isEqualTo(1 + (20_000 - 15_000) / 100);
    }
}
