package io.cryptoflow.simulator.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptoflow.simulator.ManualClock;
import io.cryptoflow.simulator.faults.BookFaults;
import io.cryptoflow.simulator.market.MarketData;
import io.cryptoflow.simulator.market.OrderBook;
import io.cryptoflow.simulator.market.OrderBookModel;
import io.cryptoflow.simulator.market.SymbolSpec;
import io.cryptoflow.simulator.market.TradeTape;
import io.cryptoflow.simulator.market.Venue;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

/** One market with its true book on a manual market clock, for driving book feeds without a server. */
final class BookFixture {

    static final long START = 1_764_892_800_000L; // 2025-12-05 00:00 UTC
    static final String SYMBOL = "BTCUSDT";
    private static final ObjectMapper JSON = new ObjectMapper();

    final ManualClock clock = new ManualClock(Instant.ofEpochMilli(START));
    final TradeTape tape;
    final MarketData data;
    final OrderBookModel model;
    final BookFaults faults = new BookFaults();

    BookFixture(Venue venue) {
        tape = new TradeTape(42, venue, SymbolSpec.defaultFor(SYMBOL), START - 86_400_000L, START, 60, 60);
        data = new MarketData(clock, Map.of(venue, Map.of(SYMBOL, tape)), 1_000);
        model = data.books(tape);
    }

    long now() {
        return clock.millis();
    }

    /** Moves the market clock on by {@code ms}. */
    void advance(long ms) {
        clock.set(Instant.ofEpochMilli(now() + ms));
    }

    /**
     * Runs {@code client} for {@code seconds} of market time in 50 ms ticks on subscriptions from
     * {@code subscribe} (a new one whenever the client asks to resubscribe), and checks after every tick
     * that a synced client holds the true book ({@code depth} best levels; 0 = all) of its book time.
     * Returns how many ticks were checked.
     */
    int run(BookStreamClient client, Supplier<BookSubscription> subscribe, int seconds, int depth) {
        BookSubscription sub = start(client, subscribe);
        int compared = 0;
        for (int tick = 1; tick <= seconds * 20; tick++) {
            advance(50);
            for (String m : sub.takeDue(now())) {
                client.on(json(m));
            }
            if (client.resubscribe) {
                client.resubscribe = false;
                sub = start(client, subscribe);
            }
            client.afterTick(tick);
            if (client.synced()) {
                OrderBook truth = model.bookAt(client.bookTime);
                assertThat(client.book.matches(depth > 0 ? truth.top(depth) : truth)).as("book at %d", client.bookTime)
                        .isTrue();
                compared++;
            }
        }
        return compared;
    }

    private BookSubscription start(BookStreamClient client, Supplier<BookSubscription> subscribe) {
        BookSubscription sub = subscribe.get();
        String first = sub.start(now());
        if (first != null) {
            client.on(json(first));
        }
        return sub;
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
