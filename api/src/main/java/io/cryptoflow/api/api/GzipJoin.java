package io.cryptoflow.api.api;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * One gzip member (level 1) assembled from pieces: bytes deflated as they are written, and fragments
 * deflated earlier ({@link #deflate}) copied in unchanged. Every piece ends on a full flush
 * (byte-aligned, no back-reference across it), so their raw deflate data joins into one valid stream;
 * the CRC-32 of the whole is combined from each piece's (zlib's {@code crc32_combine}). Lets a closed
 * part of an answer be compressed once and reused by every answer that contains it.
 */
public final class GzipJoin extends OutputStream {

    /** Text deflated on its own, ending on a full flush, with its plain length and CRC-32. */
    public record Fragment(byte[] deflated, long crc, long length) {
    }

    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    private final GzipParts out;
    private final Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
    private final byte[] buf = new byte[16 * 1024];
    private final CRC32 live = new CRC32();
    private long liveLength;
    private long crc;
    private long total;

    public GzipJoin(GzipParts out) {
        this.out = out;
        out.write(HEADER, 0, HEADER.length);
    }

    /**
     * Deflates {@code plain} on its own at {@code level}: zlib's default (6) for a fragment made once and
     * copied into many answers (its bytes matter more than the milliseconds it took), 1 for one used once.
     */
    public static Fragment deflate(byte[] plain, int length, int level) {
        Deflater d = new Deflater(level, true);
        try {
            d.setInput(plain, 0, length);
            // room for the worst case (stored blocks: ~5 bytes per 16 KB) in one array, trimmed once
            byte[] out = new byte[length + (length >> 3) + 64];
            int n = 0;
            while (true) {
                n += d.deflate(out, n, out.length - n, Deflater.FULL_FLUSH);
                if (n < out.length) {
                    break;
                }
                out = java.util.Arrays.copyOf(out, out.length * 2); // full: a flush may hold more
            }
            CRC32 c = new CRC32();
            c.update(plain, 0, length);
            return new Fragment(java.util.Arrays.copyOf(out, n), c.getValue(), length);
        } finally {
            d.end();
        }
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        live.update(b, off, len);
        liveLength += len;
        deflater.setInput(b, off, len);
        drain(Deflater.NO_FLUSH);
    }

    /** Appends a fragment deflated earlier (by reference) after everything written so far. */
    public void append(Fragment f) throws IOException {
        drain(Deflater.FULL_FLUSH);
        endLivePiece();
        out.share(f.deflated());
        crc = combine(crc, f.crc(), f.length());
        total += f.length();
    }

    private void endLivePiece() {
        crc = combine(crc, live.getValue(), liveLength);
        total += liveLength;
        live.reset();
        liveLength = 0;
    }

    private void drain(int flush) throws IOException {
        if (flush == Deflater.NO_FLUSH) {
            while (!deflater.needsInput()) {
                out.write(buf, 0, deflater.deflate(buf, 0, buf.length, flush));
            }
            return;
        }
        int n;
        do { // as DeflaterOutputStream.flush: a full buffer may hold more
            n = deflater.deflate(buf, 0, buf.length, flush);
            out.write(buf, 0, n);
        } while (n == buf.length);
    }

    /** Ends the member (final block, CRC-32 and length); the underlying stream is not closed. */
    @Override
    public void close() throws IOException {
        deflater.finish();
        while (!deflater.finished()) {
            int n = deflater.deflate(buf);
            out.write(buf, 0, n);
        }
        deflater.end();
        endLivePiece();
        for (long v : new long[] {crc, total}) {
            out.write(new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)});
        }
    }

    /**
     * {@code ZEROS[k]}: the operator (32 columns over GF(2)) taking the CRC-32 of some bytes to the CRC-32
     * of those bytes followed by 2^k zero bytes. Built once; a combine then costs one operator-vector
     * product per set bit of the length (~600 steps) instead of zlib's {@code crc32_combine} squaring
     * its operators again each call (~20,000: a third of an answer's CPU when joined from ~150 pieces).
     */
    private static final long[][] ZEROS = new long[63][];

    static {
        long[] bit = new long[32];
        bit[0] = 0xedb88320L; // the CRC-32 polynomial: operator for one zero bit
        for (int n = 1; n < 32; n++) {
            bit[n] = 1L << (n - 1);
        }
        long[] op = bit;
        for (int i = 0; i < 3; i++) { // 2, 4, then 8 zero bits: one zero byte
            op = square(op);
        }
        for (int k = 0; k < ZEROS.length; k++) {
            ZEROS[k] = op;
            op = square(op);
        }
    }

    /** CRC-32 of A then B from CRC-32(A), CRC-32(B) and B's length (as zlib's crc32_combine). */
    static long combine(long crc1, long crc2, long len2) {
        if (len2 <= 0) {
            return crc1;
        }
        long c = crc1;
        for (int k = 0; len2 != 0; k++, len2 >>>= 1) {
            if ((len2 & 1) != 0) {
                c = times(ZEROS[k], c);
            }
        }
        return c ^ crc2;
    }

    private static long times(long[] mat, long vec) {
        long sum = 0;
        for (int i = 0; vec != 0; i++, vec >>>= 1) {
            if ((vec & 1) != 0) {
                sum ^= mat[i];
            }
        }
        return sum;
    }

    private static long[] square(long[] mat) {
        long[] square = new long[32];
        for (int n = 0; n < 32; n++) {
            square[n] = times(mat, mat[n]);
        }
        return square;
    }
}
