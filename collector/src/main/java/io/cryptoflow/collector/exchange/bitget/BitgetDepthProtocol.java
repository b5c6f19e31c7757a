package io.cryptoflow.collector.exchange.bitget;

import com.fasterxml.jackson.databind.JsonNode;
import io.cryptoflow.collector.exchange.DepthLevels;
import io.cryptoflow.collector.exchange.DepthProtocol;
import io.cryptoflow.collector.exchange.JsonTrades;
import io.cryptoflow.collector.exchange.MalformedTradeException;
import io.cryptoflow.collector.exchange.book.BookSync;
import io.cryptoflow.collector.exchange.book.DepthUpdate;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Bitget v2 USDT-M futures {@code books} channel: subscribe {@code {instType:USDT-FUTURES, channel:books,
 * instId}}; pushes {@code {"action":"snapshot"|"update","arg":{..,"instId"},"data":[{"asks":[[p,s]],
 * "bids":[[p,s]],"checksum","seq","pseq"?,"ts"}],"ts"}}. No REST snapshot: a resync resubscribes.
 * Sequencing and checksum in {@link BitgetBookSync}.
 */
public final class BitgetDepthProtocol implements DepthProtocol {

    @Override
    public URI streamUri(String wsBase, List<String> symbols) {
        return URI.create(wsBase);
    }

    @Override
    public List<String> subscriptions(List<String> symbols) {
        return BitgetTradeProtocol.frames("subscribe", "books", symbols);
    }

    @Override
    public List<String> resubscribe(String symbol) {
        return List.of(BitgetTradeProtocol.frames("unsubscribe", "books", List.of(symbol)).get(0),
                BitgetTradeProtocol.frames("subscribe", "books", List.of(symbol)).get(0));
    }

    @Override
    public Optional<String> ping() {
        return Optional.of("ping");
    }

    @Override
    public Optional<DepthUpdate> parse(String frame) throws MalformedTradeException {
        if ("pong".equals(frame)) {
            return Optional.empty();
        }
        JsonNode root = JsonTrades.read(frame);
        JsonNode arg = root.get("arg");
        if (!root.has("action") || arg == null || !"books".equals(arg.path("channel").asText())) {
            return Optional.empty();
        }
        String action = JsonTrades.text(root, "action");
        JsonNode data = JsonTrades.require(root, "data");
        if (!data.isArray() || data.size() != 1) {
            throw new MalformedTradeException("books data must hold one book: " + JsonTrades.abbreviate(root));
        }
        JsonNode book = data.get(0);
        long seq = JsonTrades.integer(book, "seq");
        long pseq = book.has("pseq") ? JsonTrades.integer(book, "pseq") : -1;
        Integer checksum = book.has("checksum") ? (int) JsonTrades.integer(book, "checksum") : null;
        return Optional.of(new DepthUpdate(JsonTrades.text(arg, "instId").toUpperCase(Locale.ROOT),
                action.equals("snapshot"), JsonTrades.integer(book, "ts"), seq, seq, pseq,
                DepthLevels.read(book, "bids"), DepthLevels.read(book, "asks"), checksum));
    }

    @Override
    public BookSync newSync() {
        return new BitgetBookSync();
    }
}
