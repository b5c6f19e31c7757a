package io.cryptoflow.collector.exchange.bitget;

import com.fasterxml.jackson.databind.JsonNode;
import io.cryptoflow.collector.exchange.JsonTrades;
import io.cryptoflow.collector.exchange.MalformedTradeException;
import io.cryptoflow.collector.exchange.SymbolTrade;
import io.cryptoflow.collector.exchange.Trade;
import io.cryptoflow.collector.exchange.TradeProtocol;
import io.cryptoflow.collector.exchange.Urls;
import io.cryptoflow.collector.exchange.ExchangeType;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Bitget v2 USDT-M futures: subscribe {@code {instType:USDT-FUTURES, channel:trade, instId}}, actions
 * snapshot/update with data {@code [{ts, price, size, side: buy|sell, tradeId}]}; the text {@code ping}
 * every 20 s (some doc versions cut at 30 s of silence). REST {@code /api/v2/mix/market/fills-history}
 * newest first, paged backwards with {@code idLessThan}; {@code code "00000"} on success.
 */
public final class BitgetTradeProtocol implements TradeProtocol {

    @Override
    public ExchangeType venue() {
        return BitgetExchanges.FUTURES;
    }

    @Override
    public URI streamUri(String wsBase, List<String> symbols) {
        return URI.create(wsBase);
    }

    /**
     * Batches of 10 channels per request: Bitget documents no count per request, but at most 10
     * messages per second (pings included) and 1000 channels per connection; small batches, paced by
     * the stream, stay within both.
     */
    @Override
    public List<String> subscriptions(List<String> symbols) {
        return frames("subscribe", "trade", symbols);
    }

    /** {@code op} frames ({@code subscribe}, {@code unsubscribe}) for {@code channel} of {@code symbols}, 10 per frame. */
    static List<String> frames(String op, String channel, List<String> symbols) {
        List<String> frames = new ArrayList<>();
        for (int from = 0; from < symbols.size(); from += 10) {
            List<String> batch = symbols.subList(from, Math.min(symbols.size(), from + 10));
            StringBuilder sb = new StringBuilder("{\"op\":\"" + op + "\",\"args\":[");
            for (int i = 0; i < batch.size(); i++) {
                sb.append(i == 0 ? "" : ",").append("{\"instType\":\"USDT-FUTURES\",\"channel\":\"" + channel + "\",\"instId\":\"")
                        .append(batch.get(i).toUpperCase(Locale.ROOT)).append("\"}");
            }
            frames.add(sb.append("]}").toString());
        }
        return frames;
    }

    @Override
    public Optional<String> ping() {
        return Optional.of("ping");
    }

    @Override
    public List<SymbolTrade> parseMessage(String message) throws MalformedTradeException {
        if ("pong".equals(message)) {
            return List.of();
        }
        JsonNode root = JsonTrades.read(message);
        JsonNode arg = root.get("arg");
        if (!root.has("action") || arg == null || !"trade".equals(arg.path("channel").asText())) {
            return List.of(); // subscribe ack, error event
        }
        String symbol = JsonTrades.text(arg, "instId").toUpperCase(Locale.ROOT);
        JsonNode data = JsonTrades.require(root, "data");
        if (!data.isArray()) {
            throw new MalformedTradeException("trade data is not an array: " + JsonTrades.abbreviate(root));
        }
        List<SymbolTrade> out = new ArrayList<>(data.size());
        for (JsonNode n : data) {
            out.add(new SymbolTrade(symbol, trade(n)));
        }
        // snapshots come newest first
        out.sort(Comparator.comparingLong((SymbolTrade st) -> st.trade().time()).thenComparingLong(st -> st.trade().id()));
        return out;
    }

    private static Trade trade(JsonNode n) throws MalformedTradeException {
        return new Trade(JsonTrades.idOf(JsonTrades.text(n, "tradeId")), JsonTrades.price(n, "price"),
                JsonTrades.qty(n, "size"), JsonTrades.side(n, "side"), JsonTrades.integer(n, "ts"));
    }

    /**
     * The newest page, without a time range: a {@code startTime} older than Bitget's history would be
     * refused (400 / {@code 43111}); the caller filters by time and pages back from here.
     */
    @Override
    public URI restTradesUri(String restBase, String symbol, long afterId, long afterTime, int limit) {
        return URI.create(Urls.stripSlash(restBase) + "/api/v2/mix/market/fills-history?symbol="
                + symbol.toUpperCase(Locale.ROOT) + "&productType=USDT-FUTURES&limit=" + limit);
    }

    @Override
    public List<Trade> parseRest(byte[] body) throws MalformedTradeException {
        JsonNode root = JsonTrades.read(body);
        if (!"00000".equals(root.path("code").asText())) {
            throw new MalformedTradeException("Bitget error " + root.path("code") + ": " + root.path("msg"));
        }
        JsonNode data = root.get("data");
        if (data == null || !data.isArray()) {
            throw new MalformedTradeException("data missing: " + JsonTrades.abbreviate(root));
        }
        List<Trade> out = new ArrayList<>(data.size());
        for (JsonNode n : data) {
            out.add(trade(n));
        }
        out.sort(Comparator.comparingLong(Trade::time).thenComparingLong(Trade::id));
        return out;
    }

    @Override
    public int restLimit() {
        return 1000;
    }

    /**
     * fills-history NEWEST FIRST below {@code idLessThan}: repeated with the oldest id of each page it
     * walks back through a whole gap (Bitget "Get Fills History"; ccxt pages it the same way). Bitget
     * answers the last 90 days (www.bitget.com; a mirror says 7) and refuses a range beyond with 400 /
     * {@code 43111}; {@code fromTime < 0} asks without a time range, by id alone.
     */
    @Override
    public boolean pagesBackwards() {
        return true;
    }

    @Override
    public URI restTradesBeforeUri(String restBase, String symbol, long fromTime, long toTime, long beforeId, int limit) {
        return URI.create(Urls.stripSlash(restBase) + "/api/v2/mix/market/fills-history?symbol="
                + symbol.toUpperCase(Locale.ROOT) + "&productType=USDT-FUTURES"
                + (fromTime < 0 ? "" : "&startTime=" + fromTime + "&endTime=" + toTime) + (beforeId == Long.MAX_VALUE ? "" : "&idLessThan=" + beforeId)
                + "&limit=" + limit);
    }
}
