package io.cryptoflow.simulator.ws;

import static io.cryptoflow.simulator.ws.BookFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cryptoflow.simulator.faults.BookFaults;
import io.cryptoflow.simulator.market.Venue;
import org.junit.jupiter.api.Test;

/**
 * Bitget v2 {@code books} against a client following Bitget's rules: a snapshot sets the book, updates
 * merge into it, the CRC32 of the best 25 levels must equal {@code checksum}, {@code seq} must grow;
 * otherwise the client resubscribes (docs/exchanges.md, "Order books (issue 22)").
 */
class BitgetBooksBookTest {

    private static final String ARG = "{\"instType\":\"USDT-FUTURES\",\"channel\":\"books\",\"instId\":\"BTCUSDT\"}";

    private final BookFixture f = new BookFixture(Venue.BITGET_FUTURES);

    private static final class Client extends BookStreamClient {
        long lastSeq;
        boolean awaitingSnapshot = true;

        @Override
        void on(JsonNode m) {
            JsonNode d = m.get("data").get(0);
            if (m.get("action").asText().equals("snapshot")) {
                book.clear();
                apply(d);
                awaitingSnapshot = false;
            } else if (!awaitingSnapshot && d.get("seq").asLong() <= lastSeq) {
                fail("seq " + d.get("seq").asLong() + " after " + lastSeq);
            } else if (!awaitingSnapshot) {
                apply(d);
                if (book.bitgetChecksum() != d.get("checksum").asInt()) {
                    fail("checksum");
                }
            }
        }

        @Override
        boolean synced() {
            return !awaitingSnapshot;
        }

        private void fail(String why) {
            detections.add(why);
            awaitingSnapshot = true;
            resubscribe = true;
        }

        private void apply(JsonNode d) {
            book.apply(d.get("bids"), true);
            book.apply(d.get("asks"), false);
            lastSeq = d.get("seq").asLong();
            bookTime = Long.parseLong(d.get("ts").asText());
        }
    }

    private int run(Client client, int seconds) {
        return f.run(client, () -> new BookSubscription("books", f.model,
                new BitgetBooksFeed(f.model, ARG, 0, f.faults), f.faults, f.now()), seconds, 0);
    }

    @Test
    void aClientFollowingTheDocumentedRulesHoldsTheTrueBookAndEveryChecksumMatches() {
        Client client = new Client();
        assertThat(run(client, 30)).isEqualTo(30 * 20);
        assertThat(client.detections).isEmpty();
    }

    @Test
    void aDroppedUpdateAnOutOfOrderUpdateAndAWrongChecksumAreEachCaught() {
        f.faults.armAt(BookFaults.Kind.DROP_DIFF, Venue.BITGET_FUTURES, "BTCUSDT", BookFixture.START + 5_000);
        f.faults.armAt(BookFaults.Kind.OUT_OF_ORDER_DIFF, Venue.BITGET_FUTURES, "BTCUSDT", BookFixture.START + 10_000);
        f.faults.armAt(BookFaults.Kind.WRONG_CHECKSUM, Venue.BITGET_FUTURES, "BTCUSDT", BookFixture.START + 15_000);
        Client client = new Client();
        run(client, 20);
        assertThat(f.faults.injected()).extracting(BookFaults.Injected::kind).containsExactly(
                BookFaults.Kind.DROP_DIFF, BookFaults.Kind.OUT_OF_ORDER_DIFF, BookFaults.Kind.WRONG_CHECKSUM);
        assertThat(client.detections).hasSize(3);
        assertThat(client.awaitingSnapshot).isFalse();
    }

    @Test
    void theChecksumIsBitgetsDocumentedExample() {
        // Bitget's example: "43231.1:4:43232.8:9:43231:6:43232.9:8"
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update("43231.1:4:43232.8:9:43231:6:43232.9:8".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        LocalBook book = new LocalBook();
        book.apply(json("[[\"43231.1\",\"4\"],[\"43231\",\"6\"]]"), true);
        book.apply(json("[[\"43232.8\",\"9\"],[\"43232.9\",\"8\"]]"), false);
        assertThat(book.bitgetChecksum()).isEqualTo((int) crc.getValue());
        LocalBook truth = new LocalBook();
        var b = f.model.bookAt(f.now());
        truth.apply(json(io.cryptoflow.simulator.market.OrderBook.levelsJson(b.spec(),
                io.cryptoflow.simulator.market.OrderBook.rows(b.bidUnits()))), true);
        truth.apply(json(io.cryptoflow.simulator.market.OrderBook.levelsJson(b.spec(),
                io.cryptoflow.simulator.market.OrderBook.rows(b.askUnits()))), false);
        assertThat(BitgetBooksFeed.checksum(b)).isEqualTo(truth.bitgetChecksum());
    }
}
