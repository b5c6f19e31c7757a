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

    /**
     * Text deflated on its own, ending on a full flush, with its plain length and CRC-32, and the
     * operator that appends {@code length} zero bytes to a CRC-32 ({@link #shift}): computed once, so
     * joining the fragment into an answer costs 32 steps instead of a {@code crc32_combine} (~20,000).
     */
    public record Fragment(byte[] deflated, long crc, long length, long[] shift) {
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
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(length / 2 + 64);
            byte[] b = new byte[8 * 1024];
            int n;
            do {
                n = d.deflate(b, 0, b.length, Deflater.FULL_FLUSH);
                out.write(b, 0, n);
            } while (n == b.length);
            CRC32 c = new CRC32();
            c.update(plain, 0, length);
            return new Fragment(out.toByteArray(), c.getValue(), length, shift(length));
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
        crc = f.length() <= 0 ? crc : times(f.shift(), crc) ^ f.crc();
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

    /** CRC-32 of A then B from CRC-32(A), CRC-32(B) and B's length (zlib's crc32_combine). */
    static long combine(long crc1, long crc2, long len2) {
        return len2 <= 0 ? crc1 : times(shift(len2), crc1) ^ crc2;
    }

    /** The operator (32 columns) taking a CRC-32 over A to its value over A followed by {@code len} zero bytes. */
    static long[] shift(long len) {
        long[] op = new long[32];
        for (int n = 0; n < 32; n++) {
            op[n] = 1L << n; // identity
        }
        if (len <= 0) {
            return op;
        }
        long[] even = new long[32];
        long[] odd = new long[32];
        odd[0] = 0xedb88320L; // the CRC-32 polynomial: operator for one zero bit
        long row = 1;
        for (int n = 1; n < 32; n++) {
            odd[n] = row;
            row <<= 1;
        }
        square(even, odd); // two zero bits
        square(odd, even); // four
        long left = len;
        do {
            square(even, odd); // first pass: one zero byte
            if ((left & 1) != 0) {
                op = product(even, op);
            }
            left >>= 1;
            if (left == 0) {
                break;
            }
            square(odd, even);
            if ((left & 1) != 0) {
                op = product(odd, op);
            }
            left >>= 1;
        } while (left != 0);
        return op;
    }

    /** The operator applying {@code first} then {@code then}. */
    private static long[] product(long[] then, long[] first) {
        long[] out = new long[32];
        for (int n = 0; n < 32; n++) {
            out[n] = times(then, first[n]);
        }
        return out;
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

    private static void square(long[] square, long[] mat) {
        for (int n = 0; n < 32; n++) {
            square[n] = times(mat, mat[n]);
        }
    }
}
