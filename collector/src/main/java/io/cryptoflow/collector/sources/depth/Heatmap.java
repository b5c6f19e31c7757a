package io.cryptoflow.collector.sources.depth;

import io.cryptoflow.collector.exchange.Prices;
import io.cryptoflow.collector.exchange.book.LocalBook;
import io.cryptoflow.collector.store.DepthRow;
import io.cryptoflow.common.PartitionKind;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

/**
 * One book binned on a price grid of {@code step} (scaled): bin {@code b} holds the resting size at
 * prices in {@code [b * step, (b + 1) * step)}; {@code bids[i]} is bin {@code bidBin - i},
 * {@code asks[i]} bin {@code askBin + i}, cut at the band around the mid (DepthSchema's layout).
 */
record Heatmap(long step, long bidBin, long askBin, float[] bids, float[] asks) {

    /**
     * Bins {@code book} (two-sided, not crossed) within {@code band} (a fraction: 0.01 = ±1 %) of its mid,
     * each side cut at its deepest level held: the exchange streams only its top levels (Bybit 200 per
     * side), so a price beyond them is unknown, not empty.
     */
    static Heatmap of(LocalBook book, long step, double band) {
        long bestBid = book.bestBid();
        long bestAsk = book.bestAsk();
        long mid = bestBid + (bestAsk - bestBid) / 2;
        long reach = (long) (mid * band);
        long lowest = Math.max(mid - reach, book.bids().lastKey());
        long highest = Math.min(mid + reach, book.asks().lastKey());
        long bidBin = Math.floorDiv(bestBid, step);
        long askBin = Math.floorDiv(bestAsk, step);
        float[] bids = new float[(int) Math.max(1, bidBin - Math.floorDiv(lowest, step) + 1)];
        float[] asks = new float[(int) Math.max(1, Math.floorDiv(highest, step) - askBin + 1)];
        for (Map.Entry<Long, Double> l : book.bids().entrySet()) {
            if (l.getKey() < lowest) {
                break;
            }
            bids[(int) (bidBin - Math.floorDiv(l.getKey(), step))] += l.getValue().floatValue();
        }
        for (Map.Entry<Long, Double> l : book.asks().entrySet()) {
            if (l.getKey() > highest) {
                break;
            }
            asks[(int) (Math.floorDiv(l.getKey(), step) - askBin)] += l.getValue().floatValue();
        }
        return new Heatmap(step, bidBin, askBin, bids, asks);
    }

    /** The row DepthSchema stores. */
    DepthRow row(PartitionKind kind, String symbol, long time, int samples) {
        return new DepthRow(kind, symbol, time, Prices.toDouble(step), bidBin, askBin, encode(bids), encode(asks), samples);
    }

    /** Little-endian float32, index 0 first. */
    static byte[] encode(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    /** The inverse of {@link #encode}, for tests and readers. */
    static float[] decode(byte[] blob) {
        ByteBuffer b = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[blob.length / Float.BYTES];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.getFloat();
        }
        return out;
    }
}
