package io.cryptoflow.collector.exchange.binance;

import com.fasterxml.jackson.databind.JsonNode;
import io.cryptoflow.collector.exchange.DepthLevels;
import io.cryptoflow.collector.exchange.DepthProtocol;
import io.cryptoflow.collector.exchange.JsonTrades;
import io.cryptoflow.collector.exchange.MalformedTradeException;
import io.cryptoflow.collector.exchange.Urls;
import io.cryptoflow.collector.exchange.book.BookSync;
import io.cryptoflow.collector.exchange.book.DepthUpdate;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Binance USD-M "Diff. Book Depth Streams" {@code <symbol>@depth@100ms}: {@code {"e":"depthUpdate","E",
 * "T","s","U","u","pu","b":[[price,qty]],"a":[[price,qty]]}} (absolute quantities, 0 removes), and
 * the REST snapshot {@code GET /fapi/v1/depth?symbol&limit=1000} ({@code {"lastUpdateId","E","T",
 * "bids","asks"}}, weight 20). Sequencing in {@link BinanceBookSync}.
 */
public final class BinanceDepthProtocol implements DepthProtocol {

    /** The deepest REST snapshot (weight 20). */
    static final int SNAPSHOT_LIMIT = 1000;

    @Override
    public URI streamUri(String wsBase, List<String> symbols) {
        return BinanceTradeProtocol.combinedStreams(wsBase, symbols, "@depth@100ms");
    }

    @Override
    public List<String> subscriptions(List<String> symbols) {
        return List.of();
    }

    @Override
    public List<String> resubscribe(String symbol) {
        return List.of();
    }

    @Override
    public Optional<String> ping() {
        return Optional.empty();
    }

    @Override
    public Optional<DepthUpdate> parse(String frame) throws MalformedTradeException {
        if (!frame.contains("\"depthUpdate\"")) {
            return Optional.empty();
        }
        JsonNode root = JsonTrades.read(frame);
        JsonNode e = root.has("data") ? root.get("data") : root;
        if (!"depthUpdate".equals(e.path("e").asText())) {
            return Optional.empty();
        }
        return Optional.of(new DepthUpdate(JsonTrades.text(e, "s").toUpperCase(Locale.ROOT), false,
                JsonTrades.integer(e, "E"), JsonTrades.integer(e, "U"), JsonTrades.integer(e, "u"),
                JsonTrades.integer(e, "pu"), DepthLevels.read(e, "b"), DepthLevels.read(e, "a"), null));
    }

    @Override
    public Optional<URI> snapshotUri(String restBase, String symbol) {
        return Optional.of(URI.create(Urls.stripSlash(restBase) + "/fapi/v1/depth?symbol="
                + symbol.toUpperCase(Locale.ROOT) + "&limit=" + SNAPSHOT_LIMIT));
    }

    @Override
    public DepthUpdate parseSnapshot(String symbol, byte[] body) throws MalformedTradeException {
        JsonNode root = JsonTrades.read(body);
        long lastUpdateId = JsonTrades.integer(root, "lastUpdateId");
        long time = root.has("E") ? root.get("E").asLong() : 0;
        return new DepthUpdate(symbol, true, time, lastUpdateId, lastUpdateId, -1,
                DepthLevels.read(root, "bids"), DepthLevels.read(root, "asks"), null);
    }

    @Override
    public BookSync newSync() {
        return new BinanceBookSync();
    }
}
