package io.cryptoflow.collector.aggregation;

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
            long scaled = Math.round(q * SCALE);
            if (scaled < 0) {
                sb.append('-');
                scaled = -scaled;
            }
            sb.append(scaled / ONE);
            long frac = scaled % ONE;
            if (frac != 0) {
                int digits = 8;
                while (frac % 10 == 0) {
                    frac /= 10;
                    digits--;
                }
                sb.append('.');
                String f = Long.toString(frac);
                for (int i = f.length(); i < digits; i++) {
                    sb.append('0');
                }
                sb.append(f);
            }
        } else {
            sb.append(BigDecimal.valueOf(q).setScale(8, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString());
        }
    }

    static double round8(double q) {
        return Math.round(q * SCALE) / SCALE;
    }
}
