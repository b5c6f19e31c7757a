package io.cryptoflow.simulator.ws;

import io.cryptoflow.simulator.faults.BookFaults;
import io.cryptoflow.simulator.market.OrderBook;
import io.cryptoflow.simulator.market.OrderBookModel;
import io.cryptoflow.simulator.market.SymbolSpec;
import io.cryptoflow.simulator.market.Venue;
import java.util.Set;

/**
 * Bybit v5 {@code orderbook.<depth>.<SYMBOL>} (linear depths 1, 50, 200, 1000 and the older 500): a {@code snapshot} of
 * the best {@code depth} levels on subscribe, then one {@code delta} per step of the book (levels
 * whose size changed, entered or left the top {@code depth}; size 0 = delete). {@code u} counts the
 * messages one by one; after a service restart ({@code RESET_SNAPSHOT}) a new {@code snapshot} with
 * {@code u = 1} comes and the count goes on from it. {@code seq} is the engine's cross sequence.
 * Depth 1 pushes only snapshots, one per step in which the best bid or ask changed.
 */
final class BybitOrderbookFeed implements BookFeed {

    static final Set<Integer> LINEAR_DEPTHS = Set.of(1, 50, 200, 500, 1000);
    static final Set<Integer> SPOT_DEPTHS = Set.of(1, 50, 200, 1000);
    /** {@code u} before any restart counts from this step (2017-08-04), so it is a plausible, growing number. */
    private static final long U_ORIGIN_STEP = 15_018_000_000L;

    private final OrderBookModel model;
    private final String topic;
    private final int depth;
    private final BookFaults faults;
    private final Venue venue;
    private final String symbol;
    private long knownRestart;

    BybitOrderbookFeed(OrderBookModel model, String topic, int depth, BookFaults faults) {
        this.model = model;
        this.topic = topic;
        this.depth = depth;
        this.faults = faults;
        this.venue = model.tape().venue();
        this.symbol = model.tape().spec().symbol();
        this.knownRestart = faults.restartStep(venue, symbol);
    }

    @Override
    public long pushIntervalMs() {
        return OrderBookModel.STEP_MS; // depth 1: 10 ms, 50: 20 ms, 200: 100 ms, 1000: 200 ms; the book changes per step
    }

    @Override
    public boolean messagePerStep() {
        return true;
    }

    @Override
    public Message snapshot(OrderBook book, long now) {
        OrderBook top = book.top(depth);
        return new Message(message("snapshot", book, OrderBook.rows(top.bidUnits()), OrderBook.rows(top.askUnits()), now), false);
    }

    @Override
    public Message diff(OrderBook from, OrderBook to, long now) {
        if (faults.restartStep(venue, symbol) != knownRestart) {
            knownRestart = faults.restartStep(venue, symbol); // another connection took the restart: it hits all
            return snapshot(to, now);
        }
        if (faults.take(BookFaults.Kind.RESET_SNAPSHOT, venue, symbol, now, topic + " step " + to.step())) {
            faults.restarted(venue, symbol, to.step());
            knownRestart = to.step();
            return snapshot(to, now);
        }
        OrderBook.Changes changes = to.top(depth).changesSince(from.top(depth));
        if (depth == 1) {
            return changes.isEmpty() ? null : snapshot(to, now);
        }
        return new Message(message("delta", to, changes.bids(), changes.asks(), now), true);
    }

    private long u(long step) {
        long restart = faults.restartStep(venue, symbol);
        return restart == Long.MIN_VALUE || step < restart ? step - U_ORIGIN_STEP : step - restart + 1;
    }

    private String message(String type, OrderBook book, java.util.List<long[]> bids, java.util.List<long[]> asks, long now) {
        SymbolSpec spec = book.spec();
        return "{\"topic\":\"" + topic + "\",\"type\":\"" + type + "\",\"ts\":" + now + ",\"data\":{\"s\":\""
                + spec.symbol() + "\",\"b\":" + OrderBook.levelsJson(spec, bids) + ",\"a\":" + OrderBook.levelsJson(spec, asks)
                + ",\"u\":" + u(book.step()) + ",\"seq\":" + model.updateIdAfter(book.step()) + "},\"cts\":"
                + book.timeMs() + "}";
    }
}
