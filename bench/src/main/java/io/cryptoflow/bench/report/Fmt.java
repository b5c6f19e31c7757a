package io.cryptoflow.bench.report;

import java.util.Locale;

/** Number formatting for tables: fixed decimals, no locale surprises. */
public final class Fmt {

    private Fmt() {
    }

    static String cell(Object c) {
        if (c == null) {
            return "–";
        }
        if (c instanceof Double d) {
            return Double.isNaN(d) ? "–" : num(d, Math.abs(d) >= 100 ? 0 : Math.abs(d) >= 10 ? 1 : 2);
        }
        if (c instanceof Float f) {
            return cell(f.doubleValue());
        }
        return c.toString();
    }

    public static String num(double d, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", d);
    }

    public static String mb(long bytes) {
        return num(bytes / 1024.0 / 1024.0, 1) + " MB";
    }

    public static String ratio(double r) {
        return Double.isNaN(r) || Double.isInfinite(r) ? "–" : num(r, 2) + "×";
    }
}
