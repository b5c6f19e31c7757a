package io.cryptoflow.collector.exchange;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Prices as scaled longs (units of 1e-10) so price levels are exact decimals: a level key is
 * printed from the long, never from a double, so {@code 145.2} never becomes {@code 145.20000000000002}.
 * Ten decimals cover sub-satoshi meme-coin prices; the largest price is about 9.2e8.
 */
public final class Prices {

    public static final int SCALE = 10;
    public static final long ONE = 10_000_000_000L;

    private Prices() {
    }

    /** Parses a plain decimal such as {@code "145.23"}; falls back to BigDecimal for exponents or extra digits. */
    public static long parse(CharSequence s) {
        int n = s.length();
        if (n == 0 || n > 24) {
            return parseSlow(s);
        }
        long intPart = 0;
        long frac = 0;
        int fracDigits = 0;
        boolean dot = false;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '.' && !dot) {
                dot = true;
            } else if (c >= '0' && c <= '9') {
                if (dot) {
                    if (fracDigits == SCALE) {
                        return parseSlow(s);
                    }
                    frac = frac * 10 + (c - '0');
                    fracDigits++;
                } else {
                    intPart = intPart * 10 + (c - '0');
                    if (intPart > 900_000_000L) {
                        return parseSlow(s);
                    }
                }
            } else {
                return parseSlow(s);
            }
        }
        for (int i = fracDigits; i < SCALE; i++) {
            frac *= 10;
        }
        return intPart * ONE + frac;
    }

    private static long parseSlow(CharSequence s) {
        BigDecimal d;
        try {
            d = new BigDecimal(s.toString());
        } catch (NumberFormatException e) {
            throw new NumberFormatException("not a decimal price: '" + s + "'");
        }
        if (d.signum() < 0) {
            throw new NumberFormatException("negative price: " + s);
        }
        // longValueExact throws when the price is beyond the scaled range
        return d.setScale(SCALE, RoundingMode.HALF_EVEN).unscaledValue().longValueExact();
    }

    public static long of(BigDecimal d) {
        return parseSlow(d.toPlainString());
    }

    public static double toDouble(long scaled) {
        return scaled / (double) ONE;
    }

    /** Shortest plain decimal: 1452000000000 → "145.2", 100000000000000 → "10000". */
    public static String format(long scaled) {
        StringBuilder sb = new StringBuilder(24);
        appendTo(sb, scaled);
        return sb.toString();
    }

    public static void appendTo(StringBuilder sb, long scaled) {
        appendDecimal(sb, scaled, ONE, SCALE);
    }

    /**
     * Prints {@code scaled / one} exactly ({@code one} = 10^{@code decimals}), without trailing zeros:
     * the one decimal printer for prices (10 decimals) and quantities (8).
     */
    public static void appendDecimal(StringBuilder sb, long scaled, long one, int decimals) {
        if (scaled < 0) {
            sb.append('-');
            scaled = -scaled;
        }
        long intPart = scaled / one;
        long frac = scaled % one;
        sb.append(intPart);
        if (frac != 0) {
            int digits = decimals;
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
    }
}
