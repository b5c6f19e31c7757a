package io.cryptoflow.api.render;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A body held as a list of chunks of at most {@link #CHUNK} bytes, written once and then read by
 * many requests. The API's heap is small (96 MiB, G1 with 1 MiB regions): G1 allocates any array of
 * half a region or more as a "humongous" object straight in the old generation, in contiguous free
 * regions, and a few concurrent 1.5 MB page bodies (1000 candles with 30-level clusters) fragmented
 * the heap until allocations failed with OutOfMemoryError (bench/run compare, 2026-12-05). Chunks of
 * 128 KiB are ordinary young objects. Unlike {@code api.GzipParts} (one heatmap answer assembled for
 * one request from shared pieces), a sealed ByteChunks never changes and is written by many requests
 * at once: the page cache's bodies.
 */
public final class ByteChunks extends OutputStream {

    public static final int CHUNK = 128 * 1024;

    private final List<byte[]> chunks = new ArrayList<>();
    private byte[] current;
    private int pos;
    private long length;

    /** @param expected the expected size: the first chunk is no bigger than needed for small bodies */
    public ByteChunks(long expected) {
        current = new byte[(int) Math.max(64, Math.min(CHUNK, expected))];
    }

    @Override
    public void write(int b) {
        if (pos == current.length) {
            next();
        }
        current[pos++] = (byte) b;
        length++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        while (len > 0) {
            if (pos == current.length) {
                next();
            }
            int n = Math.min(len, current.length - pos);
            System.arraycopy(b, off, current, pos, n);
            pos += n;
            off += n;
            len -= n;
            length += n;
        }
    }

    private void next() {
        chunks.add(current);
        current = new byte[CHUNK];
        pos = 0;
    }

    /** Ends writing: the last chunk is trimmed to its content. Returns this. */
    public ByteChunks seal() {
        if (pos > 0) {
            chunks.add(pos == current.length ? current : java.util.Arrays.copyOf(current, pos));
        }
        current = new byte[0];
        pos = 0;
        return this;
    }

    public long length() {
        return length;
    }

    /** Writes the sealed body to {@code out}, one call per chunk. */
    public void writeTo(OutputStream out) throws IOException {
        for (byte[] c : chunks) {
            out.write(c);
        }
    }

    /** The body as one array (tests and one-off uses; the point of this class is not to need it). */
    public byte[] toByteArray() {
        byte[] all = new byte[(int) length];
        int at = 0;
        for (byte[] c : chunks) {
            System.arraycopy(c, 0, all, at, c.length);
            at += c.length;
        }
        return all;
    }
}
