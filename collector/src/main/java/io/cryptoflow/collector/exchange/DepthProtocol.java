package io.cryptoflow.collector.exchange;

import io.cryptoflow.collector.exchange.book.BookSync;
import io.cryptoflow.collector.exchange.book.DepthUpdate;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * How one exchange market streams its order book: the connection, the subscribe frames, how a frame
 * reads as a {@link DepthUpdate}, where a REST snapshot comes from (Binance only) and the sequencing
 * rule ({@link #newSync()}). One connection per exchange section carries all its depth symbols.
 */
public interface DepthProtocol {

    /** The WebSocket address for {@code symbols} (Binance: combined streams in the URL; others: the base). */
    URI streamUri(String wsBase, List<String> symbols);

    /** Frames subscribing {@code symbols}' books, sent after connecting (empty where the URL names them). */
    List<String> subscriptions(List<String> symbols);

    /** Frames re-subscribing one symbol's book so the exchange sends a fresh snapshot (empty for Binance). */
    List<String> resubscribe(String symbol);

    /** The client keep-alive frame, if the exchange wants one. */
    Optional<String> ping();

    /** The book message in {@code frame}; empty for acks, pongs and other topics. */
    Optional<DepthUpdate> parse(String frame) throws MalformedTradeException;

    /**
     * The REST snapshot of {@code symbol} (Binance {@code /fapi/v1/depth?limit=1000}); empty (the
     * default) where the stream itself sends snapshots (Bybit, Bitget).
     */
    default Optional<URI> snapshotUri(String restBase, String symbol) {
        return Optional.empty();
    }

    /** Reads a REST snapshot of {@code symbol}; never asked of an exchange without {@link #snapshotUri}. */
    default DepthUpdate parseSnapshot(String symbol, byte[] body) throws MalformedTradeException {
        throw new MalformedTradeException("this exchange sends its order-book snapshots in the stream");
    }

    /** A fresh sequencing state for one symbol. */
    BookSync newSync();
}
