package io.cryptoflow.api.core;

import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.Timeframe;

/** Parsing of query parameters shared by the REST resources and the WebSocket protocol. */
public final class RequestParams {

    public static final String DEFAULT_SYMBOL = "btcusdt";
    public static final String DEFAULT_EXCHANGE = "binance";

    private RequestParams() {
    }

    /** Case-insensitive exchange + symbol, defaulting to binance / btcusdt as the old tool. */
    public static MarketSymbol market(String exchange, String symbol) {
        String e = blankToDefault(exchange, DEFAULT_EXCHANGE);
        String s = blankToDefault(symbol, DEFAULT_SYMBOL);
        if (MarketSymbol.tryOf(e, DEFAULT_SYMBOL).isEmpty()) {
            throw new BadParameterException("exchange",
                    "must be 2-24 letters, digits or '_' starting with a letter (e.g. binance, bybit), got '"
                            + printable(e) + "'");
        }
        return MarketSymbol.tryOf(e, s).orElseThrow(() -> new BadParameterException("symbol",
                "must be 2-32 letters or digits (e.g. btcusdt), got '" + printable(s) + "'"));
    }

    public static Timeframe timeframe(String tf, Timeframe fallback) {
        if (tf == null || tf.isBlank()) {
            return fallback;
        }
        return Timeframe.parse(tf).orElseThrow(() ->
                new BadParameterException("tf", "must be one of " + Timeframe.ACCEPTED + ", got '" + printable(tf) + "'"));
    }

    /** A positive integer; values above {@code max} are clamped to it. */
    public static int limit(String text, int fallback, int max) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        long value = parseLong("limit", text, "an integer between 1 and " + max + " (larger values are capped)");
        if (value < 1) {
            throw new BadParameterException("limit", "must be an integer between 1 and " + max + ", got " + value);
        }
        return (int) Math.min(value, max);
    }

    /** {@code true} or {@code false} (also 1/0), {@code fallback} when absent. */
    public static boolean bool(String name, String text, boolean fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new BadParameterException(name, "must be true or false, got '" + printable(text) + "'");
        };
    }

    /** An optional epoch-millisecond timestamp (null when absent). */
    public static Long epochMillis(String name, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        long value = parseLong(name, text, "epoch milliseconds (an integer >= 0)");
        if (value < 0) {
            throw new BadParameterException(name, "must be epoch milliseconds (an integer >= 0), got " + value);
        }
        return value;
    }

    private static long parseLong(String name, String text, String accepted) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new BadParameterException(name, "must be " + accepted + ", got '" + printable(text) + "'");
        }
    }

    private static String blankToDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    /** Echoes user input safely: bounded length, no control characters. */
    public static String printable(String text) {
        String s = text == null ? "" : text.replaceAll("\\p{Cntrl}", "?");
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
