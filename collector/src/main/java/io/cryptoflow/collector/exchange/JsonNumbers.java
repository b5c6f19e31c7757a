package io.cryptoflow.collector.exchange;

import com.fasterxml.jackson.databind.JsonNode;

/** Strict readers for exchange JSON, where numbers arrive as strings or numbers. */
public final class JsonNumbers {

    private JsonNumbers() {
    }

    public static double decimal(JsonNode node, String what) throws MalformedResponseException {
        if (node == null || node.isNull()) {
            throw new MalformedResponseException(what + " missing");
        }
        double v;
        if (node.isTextual()) {
            try {
                v = Double.parseDouble(node.asText().trim());
            } catch (NumberFormatException e) {
                throw new MalformedResponseException(what + " is not a number: " + node);
            }
        } else if (node.isNumber()) {
            v = node.doubleValue();
        } else {
            throw new MalformedResponseException(what + " is not a number: " + node);
        }
        if (!Double.isFinite(v)) {
            throw new MalformedResponseException(what + " is not finite: " + node);
        }
        return v;
    }

    public static long integer(JsonNode node, String what) throws MalformedResponseException {
        if (node == null || node.isNull()) {
            throw new MalformedResponseException(what + " missing");
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node.isTextual()) {
            try {
                return Long.parseLong(node.asText().trim());
            } catch (NumberFormatException e) {
                throw new MalformedResponseException(what + " is not an integer: " + node);
            }
        }
        throw new MalformedResponseException(what + " is not an integer: " + node);
    }
}
