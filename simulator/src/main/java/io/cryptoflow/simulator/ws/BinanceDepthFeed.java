package io.cryptoflow.simulator.ws;

import io.cryptoflow.simulator.market.OrderBook;
import io.cryptoflow.simulator.market.OrderBookModel;
import io.cryptoflow.simulator.market.SymbolSpec;

/**
 * Binance USD-M "Diff. Book Depth Streams" ({@code <symbol>@depth} 250 ms, {@code @depth@500ms},
 * {@code @depth@100ms}): one {@code depthUpdate} per push interval in which the book changed, with
 * {@code U} (first update id), {@code u} (final update id) and {@code pu} (the previous event's
 * {@code u}), absolute quantities, 0 = level removed. There is no snapshot on the stream: a client
 * takes one from REST {@code GET /fapi/v1/depth} ({@code lastUpdateId} on the same id line).
 */
final class BinanceDepthFeed implements BookFeed {

    private final OrderBookModel model;
    private final String stream;
    private final boolean combined;
    private final long intervalMs;

    BinanceDepthFeed(OrderBookModel model, String stream, boolean combined, long intervalMs) {
        this.model = model;
        this.stream = stream;
        this.combined = combined;
        this.intervalMs = intervalMs;
    }

    /** The push interval of a depth stream's suffix ({@code depth}, {@code depth@100ms}, …), or 0 when it is none. */
    static long intervalOf(String suffix) {
        return switch (suffix) {
            case "depth", "depth@250ms" -> 250;
            case "depth@100ms" -> 100;
            case "depth@500ms" -> 500;
            default -> 0;
        };
    }

    @Override
    public long pushIntervalMs() {
        return intervalMs;
    }

    @Override
    public boolean messagePerStep() {
        return false;
    }

    @Override
    public Message snapshot(OrderBook book, long now) {
        return null;
    }

    @Override
    public Message diff(OrderBook from, OrderBook to, long now) {
        OrderBook.Changes changes = to.changesSince(from);
        if (changes.isEmpty()) {
            return null;
        }
        SymbolSpec spec = to.spec();
        String event = "{\"e\":\"depthUpdate\",\"E\":" + now + ",\"T\":" + to.timeMs() + ",\"s\":\"" + spec.symbol()
                + "\",\"U\":" + model.firstUpdateIdAfter(from.step()) + ",\"u\":" + model.updateIdAfter(to.step())
                + ",\"pu\":" + model.updateIdAfter(from.step()) + ",\"b\":" + OrderBook.levelsJson(spec, changes.bids())
                + ",\"a\":" + OrderBook.levelsJson(spec, changes.asks()) + "}";
        return new Message(combined ? "{\"stream\":\"" + stream + "\",\"data\":" + event + "}" : event, true);
    }
}
