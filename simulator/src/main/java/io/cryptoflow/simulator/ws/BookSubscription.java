package io.cryptoflow.simulator.ws;

import io.cryptoflow.simulator.faults.BookFaults;
import io.cryptoflow.simulator.market.OrderBook;
import io.cryptoflow.simulator.market.OrderBookModel;
import io.cryptoflow.simulator.market.Venue;
import java.util.ArrayList;
import java.util.List;

/**
 * One subscribed order-book stream: the steps of the true book the market clock has passed since the
 * last push, published by the exchange's {@link BookFeed}, with the dropped and reordered diffs of
 * {@link BookFaults} applied here (the feeds apply their exchange's own faults).
 */
final class BookSubscription {

    /** After a long pause of the clock, a per-step feed restarts from a snapshot instead of catching up. */
    private static final int MAX_STEPS_PER_PUSH = 50;

    final String name;
    private final OrderBookModel model;
    private final BookFeed feed;
    private final BookFaults faults;
    private final Venue venue;
    private OrderBook base;
    /** A diff held back by {@code OUT_OF_ORDER_DIFF}, sent after the next one. */
    private String held;

    BookSubscription(String name, OrderBookModel model, BookFeed feed, BookFaults faults, long now) {
        this.name = name;
        this.model = model;
        this.feed = feed;
        this.faults = faults;
        this.venue = model.tape().venue();
        this.base = model.bookAt(now);
    }

    /** The message the subscription starts with (null: none), for the session to send at once. */
    synchronized String start(long now) {
        BookFeed.Message m = feed.snapshot(base, now);
        return m == null ? null : m.text();
    }

    /** The messages due at {@code now}, in the order to send them; advances. */
    synchronized List<String> takeDue(long now) {
        long target = OrderBookModel.stepOf(Math.floorDiv(now, feed.pushIntervalMs()) * feed.pushIntervalMs());
        List<String> out = new ArrayList<>();
        if (target <= base.step()) {
            return out;
        }
        if (!feed.messagePerStep()) {
            emit(feed.diff(base, model.bookOfStep(target), now), model.bookOfStep(target), now, out);
        } else if (target - base.step() > MAX_STEPS_PER_PUSH) {
            OrderBook book = model.bookOfStep(target);
            out.add(feed.snapshot(book, now).text());
            base = book;
        } else {
            for (long step = base.step() + 1; step <= target; step++) {
                OrderBook next = model.bookOfStep(step);
                emit(feed.diff(base, next, now), next, now, out);
            }
        }
        return out;
    }

    private void emit(BookFeed.Message m, OrderBook to, long now, List<String> out) {
        if (m == null) {
            return;
        }
        OrderBook from = base;
        base = to;
        String symbol = model.tape().spec().symbol();
        // lossVisible can cost two checksums: asked only while a fault is armed
        if (m.diff() && faults.pending() > 0 && feed.lossVisible(from, to)
                && faults.take(BookFaults.Kind.DROP_DIFF, venue, symbol, now, name + " step " + to.step())) {
            return;
        }
        if (m.diff() && held == null
                && faults.take(BookFaults.Kind.OUT_OF_ORDER_DIFF, venue, symbol, now, name + " step " + to.step())) {
            held = m.text();
            return;
        }
        out.add(m.text());
        if (held != null) {
            out.add(held);
            held = null;
        }
    }
}
