package io.cryptoflow.collector.aggregation;

import io.cryptoflow.collector.exchange.Prices;

/**
 * Writes footprint clusters as {@code {"<price>":{"buy":x,"sell":y}}}, price levels ascending,
 * keys printed from scaled longs (exact decimals), quantities rounded to 8 decimals.
 */
final class ClusterJson {

    private ClusterJson() {
    }

    static String write(LevelMap.Levels levels, long tick) {
        StringBuilder sb = new StringBuilder(16 + levels.size() * 40);
        sb.append('{');
        for (int i = 0; i < levels.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append('"');
            Prices.appendTo(sb, levels.index()[i] * tick);
            sb.append("\":{\"buy\":");
            Quantities.appendTo(sb, levels.buy()[i]);
            sb.append(",\"sell\":");
            Quantities.appendTo(sb, levels.sell()[i]);
            sb.append('}');
        }
        return sb.append('}').toString();
    }
}
