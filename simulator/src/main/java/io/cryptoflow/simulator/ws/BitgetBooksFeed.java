package io.cryptoflow.simulator.ws;

import io.cryptoflow.simulator.faults.BookFaults;
import io.cryptoflow.simulator.market.OrderBook;
import io.cryptoflow.simulator.market.OrderBookModel;
import io.cryptoflow.simulator.market.SymbolSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Bitget v2 depth channels: {@code books} (all levels: a {@code snapshot}, then {@code update}s every
 * 150 ms with the changed levels, size 0 = delete) and {@code books1}/{@code books5}/{@code books15}
 * (a {@code snapshot} of that many levels on every push). Each update carries {@code checksum}: the
 * CRC32, as a signed 32-bit int, of the best 25 bids and asks interleaved
 * {@code bid1price:bid1size:ask1price:ask1size:…} (a shorter side simply ends), with the strings as
 * sent; snapshots carry 0. {@code seq} grows with every change of the book (with gaps).
 */
final class BitgetBooksFeed implements BookFeed {

    static final int CHECKSUM_LEVELS = 25;

    private final OrderBookModel model;
    private final String arg;
    /** 0 for {@code books}; otherwise the levels of a {@code booksN} snapshot. */
    private final int snapshotDepth;
    private final BookFaults faults;

    BitgetBooksFeed(OrderBookModel model, String arg, int snapshotDepth, BookFaults faults) {
        this.model = model;
        this.arg = arg;
        this.snapshotDepth = snapshotDepth;
        this.faults = faults;
    }

    /** Levels of a channel: 0 for {@code books}, 1/5/15 for {@code booksN}, -1 for anything else. */
    static int depthOf(String channel) {
        return switch (channel) {
            case "books" -> 0;
            case "books1" -> 1;
            case "books5" -> 5;
            case "books15" -> 15;
            default -> -1;
        };
    }

    @Override
    public long pushIntervalMs() {
        return snapshotDepth == 1 ? 100 : 150;
    }

    @Override
    public boolean messagePerStep() {
        return false;
    }

    @Override
    public Message snapshot(OrderBook book, long now) {
        OrderBook shown = snapshotDepth > 0 ? book.top(snapshotDepth) : book;
        return new Message(message("snapshot", book, OrderBook.rows(shown.bidUnits()), OrderBook.rows(shown.askUnits()), 0, now), false);
    }

    @Override
    public Message diff(OrderBook from, OrderBook to, long now) {
        OrderBook.Changes changes = to.changesSince(from);
        if (changes.isEmpty()) {
            return null;
        }
        if (snapshotDepth > 0) {
            return snapshot(to, now);
        }
        int checksum = checksum(to);
        String symbol = to.spec().symbol();
        if (faults.take(BookFaults.Kind.WRONG_CHECKSUM, model.tape().venue(), symbol, now, "books step " + to.step())) {
            checksum = ~checksum;
        }
        return new Message(message("update", to, changes.bids(), changes.asks(), checksum, now), true);
    }

    /** A lost update is noticed only through the checksum: only when it changed the best 25 levels. */
    @Override
    public boolean lossVisible(OrderBook from, OrderBook to) {
        return checksum(from) != checksum(to);
    }

    /** Bitget's checksum of a book (see the class comment). */
    static int checksum(OrderBook book) {
        List<long[]> bids = OrderBook.rows(book.bidUnits());
        List<long[]> asks = OrderBook.rows(book.askUnits());
        SymbolSpec spec = book.spec();
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < CHECKSUM_LEVELS; i++) {
            if (i < bids.size()) {
                parts.add(spec.price(bids.get(i)[0]).toPlainString() + ":" + spec.qty(bids.get(i)[1]).toPlainString());
            }
            if (i < asks.size()) {
                parts.add(spec.price(asks.get(i)[0]).toPlainString() + ":" + spec.qty(asks.get(i)[1]).toPlainString());
            }
        }
        CRC32 crc = new CRC32();
        crc.update(String.join(":", parts).getBytes(StandardCharsets.UTF_8));
        return (int) crc.getValue();
    }

    private String message(String action, OrderBook book, List<long[]> bids, List<long[]> asks, int checksum, long now) {
        SymbolSpec spec = book.spec();
        return "{\"action\":\"" + action + "\",\"arg\":" + arg + ",\"data\":[{\"asks\":" + OrderBook.levelsJson(spec, asks)
                + ",\"bids\":" + OrderBook.levelsJson(spec, bids) + ",\"checksum\":" + checksum + ",\"seq\":"
                + model.updateIdAfter(book.step()) + ",\"ts\":\"" + book.timeMs() + "\"}],\"ts\":" + now + "}";
    }
}
