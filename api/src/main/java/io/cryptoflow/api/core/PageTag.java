package io.cryptoflow.api.core;

/**
 * The strong ETag of a candle page, derived from what identifies its content, not from the
 * content: the market, timeframe, range and limit asked for, and the {@link PageSummary} of the
 * rows in it (count, first and last time, highest revision). It is known before any candle is
 * read, so a matching {@code If-None-Match} is answered without building a body. The shape
 * ({@code clusters=false}) and the coding (gzip) are different representations and get different
 * tags: {@code -nc} and {@code -gzip} suffixes (not Jetty's {@code --gzip}, which its GzipHandler
 * would strip from If-None-Match).
 */
public final class PageTag {

    private static final long PRIME = 0x100000001b3L;

    private PageTag() {
    }

    /** The content part, shared by every shape of the page (the page cache's validator). */
    public static String content(CandleQuery q, PageSummary s) {
        return content(q, s, 0);
    }

    /**
     * @param contextHash the page's per-candle market context ({@code CandleContext.hash()}), which
     *                    changes without any candle's revision changing
     */
    public static String content(CandleQuery q, PageSummary s, long contextHash) {
        long h = 0xcbf29ce484222325L;
        h = mix(h, q.market().stored().hashCode());
        h = mix(h, q.market().stored().length());
        h = mix(h, q.tf().minutes());
        h = mix(h, q.fromInclusive());
        h = mix(h, q.toExclusive());
        h = mix(h, q.limit());
        h = mix(h, s.rows());
        h = mix(h, s.oldest() == null ? Long.MIN_VALUE : s.oldest());
        h = mix(h, s.newest() == null ? Long.MIN_VALUE : s.newest());
        h = mix(h, s.maxRev());
        h = mix(h, contextHash);
        return Long.toHexString(h) + "-" + Long.toHexString(s.maxRev());
    }

    public static String of(CandleQuery q, PageSummary s, boolean clusters) {
        return of(content(q, s), clusters);
    }

    public static String of(String content, boolean clusters) {
        return clusters ? content : content + "-nc";
    }

    /** The tag of one representation: shape and coding. */
    public static String of(String content, boolean clusters, boolean gzip) {
        String shape = of(content, clusters);
        return gzip ? shape + "-gzip" : shape;
    }

    private static long mix(long h, long v) {
        for (int i = 0; i < 8; i++) {
            h ^= (v >>> (i * 8)) & 0xff;
            h *= PRIME;
        }
        return h;
    }
}
