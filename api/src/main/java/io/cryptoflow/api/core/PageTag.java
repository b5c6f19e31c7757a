package io.cryptoflow.api.core;

/**
 * A content hash of a candle page for its ETag: any change of a value, a row, the range
 * or {@code hasMore} changes the tag. Hashing the values is cheaper than hashing the JSON.
 */
public final class PageTag {

    private static final long PRIME = 0x100000001b3L;

    private PageTag() {
    }

    public static String of(CandlePage page) {
        long h = 0xcbf29ce484222325L;
        h = mix(h, page.exchange().hashCode());
        h = mix(h, page.symbol().hashCode());
        h = mix(h, page.hasMore() ? 1 : 2);
        h = mix(h, page.candles().size());
        for (CandleJson c : page.candles()) {
            h = mix(h, c.time());
            h = mix(h, Double.doubleToLongBits(c.open()));
            h = mix(h, Double.doubleToLongBits(c.high()));
            h = mix(h, Double.doubleToLongBits(c.low()));
            h = mix(h, Double.doubleToLongBits(c.close()));
            h = mix(h, Double.doubleToLongBits(c.volume()));
            h = mix(h, c.buyVolume() == null ? 3 : Double.doubleToLongBits(c.buyVolume()));
            h = mix(h, c.sellVolume() == null ? 3 : Double.doubleToLongBits(c.sellVolume()));
            h = mix(h, c.delta() == null ? 3 : Double.doubleToLongBits(c.delta()));
            h = mix(h, c.tradeCount() == null ? -3 : c.tradeCount());
            h = mix(h, c.clusters().hashCode());
            h = mix(h, c.closed() ? 1 : 2);
        }
        return Long.toHexString(h);
    }

    private static long mix(long h, long v) {
        for (int i = 0; i < 8; i++) {
            h ^= (v >>> (i * 8)) & 0xff;
            h *= PRIME;
        }
        return h;
    }
}
