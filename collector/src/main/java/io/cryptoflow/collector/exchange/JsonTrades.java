package io.cryptoflow.collector.exchange;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import com.fasterxml.jackson.databind.JsonNode;

/** Strict readers for the decimal-string and integer fields exchanges send in trade JSON. */
public final class JsonTrades {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonTrades() {
    }

    public static JsonNode require(JsonNode node, String field) throws MalformedTradeException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new MalformedTradeException("missing field '" + field + "' in " + abbreviate(node));
        }
        return v;
    }

    public static long price(JsonNode node, String field) throws MalformedTradeException {
        JsonNode v = require(node, field);
        try {
            long p = Prices.parse(v.asText());
            if (p <= 0) {
                throw new MalformedTradeException("price '" + field + "' must be > 0 in " + abbreviate(node));
            }
            return p;
        } catch (NumberFormatException | ArithmeticException e) {
            throw new MalformedTradeException("bad price '" + field + "' in " + abbreviate(node), e);
        }
    }

    public static double qty(JsonNode node, String field) throws MalformedTradeException {
        JsonNode v = require(node, field);
        try {
            double q = Double.parseDouble(v.asText());
            if (!(q > 0) || Double.isInfinite(q)) {
                throw new MalformedTradeException("quantity '" + field + "' must be > 0 in " + abbreviate(node));
            }
            return q;
        } catch (NumberFormatException e) {
            throw new MalformedTradeException("bad quantity '" + field + "' in " + abbreviate(node), e);
        }
    }

    public static long integer(JsonNode node, String field) throws MalformedTradeException {
        JsonNode v = require(node, field);
        if (v.isIntegralNumber()) {
            return v.asLong();
        }
        try {
            return Long.parseLong(v.asText());
        } catch (NumberFormatException e) {
            throw new MalformedTradeException("bad integer '" + field + "' in " + abbreviate(node), e);
        }
    }

    public static String text(JsonNode node, String field) throws MalformedTradeException {
        return require(node, field).asText();
    }

    /**
     * A stable 63-bit id for exchanges whose trade ids are not numbers (Bybit's UUIDs): the number when
     * {@code text} is a long (as {@link Long#parseLong} reads it), else an FNV-1a hash of its characters.
     * Tested for a number first rather than by catching parseLong's exception: on Bybit every trade has a
     * UUID, and an exception per trade was a measurable share of an archive import.
     */
    public static long idOf(CharSequence text) {
        if (isLong(text)) {
            return Long.parseLong(text, 0, text.length(), 10);
        }
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < text.length(); i++) {
            h ^= text.charAt(i);
            h *= 0x100000001b3L;
        }
        return h & Long.MAX_VALUE;
    }

    /** Whether {@link Long#parseLong} reads {@code s}: an optional sign, then ASCII digits, within range. */
    static boolean isLong(CharSequence s) {
        int n = s.length();
        int k = n > 0 && (s.charAt(0) == '-' || s.charAt(0) == '+') ? 1 : 0;
        if (k == n) {
            return false;
        }
        long min = s.charAt(0) == '-' ? Long.MIN_VALUE : -Long.MAX_VALUE;
        long v = 0; // accumulated negatively, as Long.parseLong does, so MIN_VALUE fits
        for (; k < n; k++) {
            int d = s.charAt(k) - '0';
            if (d < 0 || d > 9 || v < min / 10) {
                return false;
            }
            v *= 10;
            if (v < min + d) {
                return false;
            }
            v -= d;
        }
        return true;
    }

    public static String abbreviate(Object o) {
        String s = String.valueOf(o);
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    public static JsonNode read(String text) throws MalformedTradeException {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new MalformedTradeException("not JSON: " + abbreviate(text), e);
        }
    }

    public static JsonNode read(byte[] body) throws MalformedTradeException {
        try {
            JsonNode n = JSON.readTree(body);
            if (n == null || n.isMissingNode()) {
                throw new MalformedTradeException("empty body");
            }
            return n;
        } catch (IOException e) {
            throw new MalformedTradeException("not JSON (" + body.length + " bytes)", e);
        }
    }

    /** {@code Buy}/{@code buy} = taker buy, {@code Sell}/{@code sell} = taker sell. */
    public static boolean side(JsonNode n, String field) throws MalformedTradeException {
        String s = text(n, field);
        if (s.equalsIgnoreCase("buy")) {
            return true;
        }
        if (s.equalsIgnoreCase("sell")) {
            return false;
        }
        throw new MalformedTradeException("side must be Buy or Sell in " + abbreviate(n));
    }
}
