package io.cryptoflow.api.resources;

/**
 * Strong entity tags as the candle pages use them ({@code "<tag>"}), and the {@code If-None-Match}
 * test (RFC 9110 13.1.2): the header is {@code *} or a list of entity tags, compared weakly, so
 * {@code W/"x"} matches {@code "x"}.
 */
final class EntityTags {

    private EntityTags() {
    }

    static String quoted(String tag) {
        return '"' + tag + '"';
    }

    /** True when {@code header} (every If-None-Match value, comma-joined) names {@code tag} or is {@code *}. */
    static boolean anyMatches(String header, String tag) {
        int i = 0;
        int n = header.length();
        while (i < n) {
            char c = header.charAt(i);
            if (c == '*') {
                return true;
            }
            if (c != '"') {
                i++; // whitespace, commas and the W/ of a weak tag
                continue;
            }
            int end = header.indexOf('"', i + 1);
            if (end < 0) {
                return false; // an unterminated tag matches nothing
            }
            if (end - i - 1 == tag.length() && header.regionMatches(i + 1, tag, 0, tag.length())) {
                return true;
            }
            i = end + 1;
        }
        return false;
    }
}
