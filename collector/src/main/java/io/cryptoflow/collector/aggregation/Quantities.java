package io.cryptoflow.collector.aggregation;

import io.cryptoflow.collector.exchange.Prices;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** Base quantities are summed as doubles and printed rounded to 8 decimals (the exchanges' finest step). */
final class Quantities {

    private static final double SCALE = 1e8;
    private static final long ONE = 100_000_000L;

    private Quantities() {
    }

    static void appendTo(StringBuilder sb, double q) {
        if (Math.abs(q) < 9e10) {
            Prices.appendDecimal(sb, Math.round(q * SCALE), ONE, 8);
        } else {
            sb.append(BigDecimal.valueOf(q).setScale(8, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString());
        }
    }

    static double round8(double q) {
        return Math.round(q * SCALE) / SCALE;
    }
}
