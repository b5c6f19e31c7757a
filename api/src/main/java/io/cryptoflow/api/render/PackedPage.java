package io.cryptoflow.api.render;

import java.io.IOException;
import java.io.OutputStream;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * Closed candles of one series taken from {@link ClosedCandles}' blocks, without an object per candle:
 * each is an int (which of the page's blocks, and the slot in it), and its time, revision and packed
 * values are read from the block when the page is written. Immutable: blocks are never changed once
 * published, so the page writes the candles as they were when it was taken.
 *
 * <p>Why: a random page served from memory made a {@link RenderedCandle} for each of its 500 candles,
 * 48 bytes each, plus two lists of them: once Jersey was gone from the candle requests, half of what a
 * random read allocated (docs/benchmarks.md, "Jersey's share of a candle request"), and allocation sets
 * how often every request in flight stops for a young collection. {@link #get} still makes one for a
 * caller that wants the object; the page's body is written with {@link #writeTo} and {@link #size}.
 */
public final class PackedPage extends AbstractList<RenderedCandle> implements RandomAccess {

    private static final int SLOT_BITS = Integer.numberOfTrailingZeros(ClosedCandles.BLOCK);
    private static final int SLOT_MASK = ClosedCandles.BLOCK - 1;

    private final long step;
    private final ClosedCandles.Block[] blocks;
    private final long[] blockNos;
    /** Per candle: index into {@link #blocks} above {@link #SLOT_BITS}, slot in the block below. */
    private final int[] codes;
    private final int from;
    private final int size;
    private final boolean reversed;

    private PackedPage(long step, ClosedCandles.Block[] blocks, long[] blockNos, int[] codes, int from, int size,
                       boolean reversed) {
        this.step = step;
        this.blocks = blocks;
        this.blockNos = blockNos;
        this.codes = codes;
        this.from = from;
        this.size = size;
        this.reversed = reversed;
    }

    /** Collects a page slot by slot; blocks are added as the walk reaches them (each once, in a row). */
    static final class Builder {
        private final long step;
        private final int[] codes;
        private ClosedCandles.Block[] blocks = new ClosedCandles.Block[2];
        private long[] blockNos = new long[2];
        private int blockCount;
        private int size;

        Builder(long step, int capacity) {
            this.step = step;
            this.codes = new int[capacity];
        }

        int size() {
            return size;
        }

        void add(ClosedCandles.Block block, long blockNo, int slot) {
            if (blockCount == 0 || blocks[blockCount - 1] != block) {
                if (blockCount == blocks.length) {
                    blocks = java.util.Arrays.copyOf(blocks, blockCount * 2);
                    blockNos = java.util.Arrays.copyOf(blockNos, blockCount * 2);
                }
                blocks[blockCount] = block;
                blockNos[blockCount++] = blockNo;
            }
            codes[size++] = ((blockCount - 1) << SLOT_BITS) | slot;
        }

        PackedPage build() {
            return new PackedPage(step, blocks, blockNos, codes, 0, size, false);
        }
    }

    private int code(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException(i);
        }
        return codes[from + (reversed ? size - 1 - i : i)];
    }

    /** Open time of candle {@code i}. */
    public long time(int i) {
        int c = code(i);
        return (blockNos[c >>> SLOT_BITS] * ClosedCandles.BLOCK + (c & SLOT_MASK)) * step;
    }

    public long rev(int i) {
        int c = code(i);
        return blocks[c >>> SLOT_BITS].revs()[c & SLOT_MASK];
    }

    private byte[] values(int i) {
        int c = code(i);
        return blocks[c >>> SLOT_BITS].values()[c & SLOT_MASK];
    }

    private CandleShape shape(int i) {
        int c = code(i);
        return blocks[c >>> SLOT_BITS].shapes()[c & SLOT_MASK];
    }

    /** Candle {@code i}'s JSON with {@code members} before its closing brace, as {@link RenderedCandle#writeTo} writes it. */
    public void writeTo(int i, OutputStream out, boolean withClusters, byte[] members) throws IOException {
        shape(i).write(values(i), time(i), withClusters, members, out instanceof CandleShape.Sink sink ? sink : out::write);
    }

    public void writeTo(int i, JsonBytes out, boolean withClusters, byte[] members) {
        try {
            shape(i).write(values(i), time(i), withClusters, members, out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // not thrown by an in-memory buffer
        }
    }

    /** Bytes {@link #writeTo} writes for candle {@code i} without members. */
    public int size(int i, boolean withClusters) {
        return shape(i).size(values(i), time(i), withClusters);
    }

    /** Heap a rendering of candle {@code i} would keep, as {@link RenderedCandle#heapBytes} counts it. */
    public long heapBytes(int i) {
        return values(i).length + 64L;
    }

    @Override
    public RenderedCandle get(int i) {
        return new RenderedCandle(time(i), rev(i), true, values(i), -1, -1, shape(i));
    }

    @Override
    public int size() {
        return size;
    }

    /** The same candles in the opposite order. */
    public PackedPage reversed() {
        return new PackedPage(step, blocks, blockNos, codes, from, size, !reversed);
    }

    @Override
    public List<RenderedCandle> subList(int fromIndex, int toIndex) {
        if (fromIndex < 0 || toIndex > size || fromIndex > toIndex) {
            throw new IndexOutOfBoundsException(fromIndex + ".." + toIndex + " of " + size);
        }
        int start = reversed ? from + size - toIndex : from + fromIndex;
        return new PackedPage(step, blocks, blockNos, codes, start, toIndex - fromIndex, reversed);
    }

    /** Time of candle {@code i} of {@code candles}, without making an object for a packed one. */
    public static long timeAt(List<RenderedCandle> candles, int i) {
        return candles instanceof PackedPage p ? p.time(i) : candles.get(i).time();
    }
}
