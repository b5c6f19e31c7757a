package io.cryptoflow.api.resources;

import io.cryptoflow.api.core.BadParameterException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Which parameter of a query string the servlet container could not decode: a {@code %} not followed
 * by two hex digits (RFC 3986 2.1), or bytes that are not UTF-8. Jetty refuses the whole query
 * without saying where; a client is told the parameter, as for any other bad value.
 */
final class QueryEncoding {

    private QueryEncoding() {
    }

    /** The 400 for {@code rawQuery}, which the container failed to decode, naming its first bad parameter. */
    static BadParameterException refused(String rawQuery) {
        String query = rawQuery == null ? "" : rawQuery;
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            if (!decodes(name)) {
                return new BadParameterException("query", "a parameter name is not valid percent-encoded UTF-8 (RFC 3986 2.1)");
            }
            if (!decodes(value)) {
                return new BadParameterException(decode(name), "not valid percent-encoded UTF-8 (RFC 3986 2.1: % followed by two hex digits)");
            }
        }
        return new BadParameterException("query", "not valid percent-encoded UTF-8 (RFC 3986 2.1)");
    }

    /** True when {@code text} percent-decodes to valid UTF-8 ({@code +} is a space, as in forms). */
    static boolean decodes(String text) {
        return decodeOrNull(text) != null;
    }

    private static String decode(String text) {
        String d = decodeOrNull(text);
        return d == null ? text : d;
    }

    private static String decodeOrNull(String text) {
        ByteBuffer bytes = ByteBuffer.allocate(text.length() * 3);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length() || Character.digit(text.charAt(i + 1), 16) < 0
                        || Character.digit(text.charAt(i + 2), 16) < 0) {
                    return null;
                }
                bytes.put((byte) (Character.digit(text.charAt(i + 1), 16) * 16 + Character.digit(text.charAt(i + 2), 16)));
                i += 2;
            } else if (c == '+') {
                bytes.put((byte) ' ');
            } else {
                bytes.put(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        bytes.flip();
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
