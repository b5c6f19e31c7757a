package io.cryptoflow.collector.orderflow;

import com.fasterxml.jackson.databind.JsonNode;

/** Strict readers for the decimal-string and integer fields exchanges send in trade JSON. */
final class JsonTrades {

    private JsonTrades() {
    }

    static JsonNode require(JsonNode node, String field) throws MalformedTradeException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new MalformedTradeException("missing field '" + field + "' in " + abbreviate(node));
        }
        return v;
    }

    static long price(JsonNode node, String field) throws MalformedTradeException {
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

    static double qty(JsonNode node, String field) throws MalformedTradeException {
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

    static long integer(JsonNode node, String field) throws MalformedTradeException {
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

    static String text(JsonNode node, String field) throws MalformedTradeException {
        return require(node, field).asText();
    }

    /** A stable 63-bit id for exchanges whose trade ids are not numbers (Bybit's UUIDs). */
    static long idOf(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            long h = 0xcbf29ce484222325L;
            for (int i = 0; i < text.length(); i++) {
                h ^= text.charAt(i);
                h *= 0x100000001b3L;
            }
            return h & Long.MAX_VALUE;
        }
    }

    static String abbreviate(Object o) {
        String s = String.valueOf(o);
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
