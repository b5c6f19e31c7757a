package io.cryptoflow.collector.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Map;

/**
 * Converts the old tool's footprint JSON to ours: {@code {"<price>":{"buy":x,"sell":y}}} with
 * decimal price keys. Its older {@code {bid, ask}} values map ask → buy (trades lifting the ask)
 * and bid → sell; as its side convention flipped part-way, the result is as good as its source.
 */
final class LegacyClusters {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private LegacyClusters() {
    }

    /** Our JSON, or null when the text is empty or does not parse as a footprint. */
    static String convert(String legacy) {
        if (legacy == null || legacy.isBlank()) {
            return null;
        }
        try {
            JsonNode root = MAPPER.readTree(legacy);
            if (root == null || !root.isObject()) {
                return null;
            }
            ObjectNode out = MAPPER.createObjectNode();
            for (Map.Entry<String, JsonNode> e : root.properties()) {
                String price = new BigDecimal(e.getKey().trim()).stripTrailingZeros().toPlainString();
                JsonNode v = e.getValue();
                double buy = v.has("buy") ? v.path("buy").asDouble() : v.path("ask").asDouble();
                double sell = v.has("sell") ? v.path("sell").asDouble() : v.path("bid").asDouble();
                if (!Double.isFinite(buy) || !Double.isFinite(sell)) {
                    return null;
                }
                ObjectNode level = out.putObject(price);
                level.put("buy", buy);
                level.put("sell", sell);
            }
            return MAPPER.writeValueAsString(out);
        } catch (Exception e) {
            return null;
        }
    }
}
