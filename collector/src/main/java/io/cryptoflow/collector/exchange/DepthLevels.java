package io.cryptoflow.collector.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import io.cryptoflow.collector.exchange.book.DepthUpdate;
import java.util.ArrayList;
import java.util.List;

/** Reads the {@code [["price","size"], ...]} level arrays every exchange here sends. */
public final class DepthLevels {

    private DepthLevels() {
    }

    /** The levels of {@code node[field]}; sizes may be 0 (level removed), prices must be > 0. */
    public static List<DepthUpdate.Level> read(JsonNode node, String field) throws MalformedTradeException {
        JsonNode array = JsonTrades.require(node, field);
        if (!array.isArray()) {
            throw new MalformedTradeException("'" + field + "' is not an array in " + JsonTrades.abbreviate(node));
        }
        List<DepthUpdate.Level> out = new ArrayList<>(array.size());
        for (JsonNode level : array) {
            if (!level.isArray() || level.size() < 2) {
                throw new MalformedTradeException("bad level " + JsonTrades.abbreviate(level) + " in '" + field + "'");
            }
            String priceText = level.get(0).asText();
            String sizeText = level.get(1).asText();
            try {
                long price = Prices.parse(priceText);
                double size = Double.parseDouble(sizeText);
                if (price <= 0 || !(size >= 0) || Double.isInfinite(size)) {
                    throw new MalformedTradeException("bad level " + JsonTrades.abbreviate(level) + " in '" + field + "'");
                }
                out.add(new DepthUpdate.Level(price, size, priceText, sizeText));
            } catch (NumberFormatException | ArithmeticException e) {
                throw new MalformedTradeException("bad level " + JsonTrades.abbreviate(level) + " in '" + field + "'", e);
            }
        }
        return out;
    }
}
