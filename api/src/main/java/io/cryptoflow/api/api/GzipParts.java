package io.cryptoflow.api.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A body held as a list of byte arrays: bytes written are copied into buffers of at most
 * {@value #BUFFER} bytes, and arrays {@link #share shared} (a cached piece deflated earlier) are
 * referenced, never copied. A day of heatmap (~0.7 MB of gzip, mostly cached pieces) thus costs a
 * request a few KB of fresh arrays instead of two 0.7 MB copies: under G1 with a 96 MiB heap (1 MiB
 * regions) an array over 512 KB is a humongous allocation, and 16 of those per 100 ms were the GC's
 * share of the heatmap's tail (issue 22, docs/benchmarks.md).
 */
public final class GzipParts extends OutputStream {

    private static final int BUFFER = 32 * 1024;

    private record Part(byte[] bytes, int offset, int length) {
    }

    private final List<Part> parts = new ArrayList<>();
    private byte[] current;
    /** Where in {@link #current} the bytes not yet in {@link #parts} begin, and end. */
    private int start;
    private int used;
    private long length;

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        while (len > 0) {
            if (current == null || used == current.length) {
                endCurrent();
                current = new byte[BUFFER];
                start = 0;
                used = 0;
            }
            int n = Math.min(len, current.length - used);
            System.arraycopy(b, off, current, used, n);
            used += n;
            off += n;
            len -= n;
            length += n;
        }
    }

    /** Appends {@code bytes} by reference: the caller never changes them afterwards. */
    public void share(byte[] bytes) {
        endCurrent();
        parts.add(new Part(bytes, 0, bytes.length));
        length += bytes.length;
    }

    /** Closes the bytes written since the last part into a part; later writes go on in the same buffer. */
    private void endCurrent() {
        if (used > start) {
            parts.add(new Part(current, start, used - start));
            start = used;
        }
    }

    /** The bytes written and shared so far. */
    public long length() {
        return length;
    }

    /**
     * Writes every part, in order, to {@code out}, gathered into writes of {@value #BUFFER} bytes: a day of
     * heatmap has ~750 parts, and each write to the response costs more than copying its bytes.
     */
    public void writeTo(OutputStream out) throws IOException {
        endCurrent();
        byte[] gather = new byte[BUFFER];
        int n = 0;
        for (Part p : parts) {
            int off = p.offset();
            int left = p.length();
            while (left > 0) {
                if (n == 0 && left >= BUFFER) { // a big part as it is
                    out.write(p.bytes(), off, left);
                    break;
                }
                int k = Math.min(left, BUFFER - n);
                System.arraycopy(p.bytes(), off, gather, n, k);
                n += k;
                off += k;
                left -= k;
                if (n == BUFFER) {
                    out.write(gather, 0, n);
                    n = 0;
                }
            }
        }
        out.write(gather, 0, n);
    }

    /** The bytes as one stream (for inflating them). */
    public InputStream openStream() {
        endCurrent();
        List<InputStream> in = new ArrayList<>(parts.size());
        for (Part p : parts) {
            in.add(new ByteArrayInputStream(p.bytes(), p.offset(), p.length()));
        }
        return new SequenceInputStream(Collections.enumeration(in));
    }
}
