package io.cryptoflow.api.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class GzipJoinTest {

    @Test
    void combinedCrcEqualsTheCrcOfTheWhole() {
        SplittableRandom r = new SplittableRandom(7);
        for (int round = 0; round < 200; round++) {
            byte[] a = bytes(r, r.nextInt(0, 3000));
            byte[] b = bytes(r, round == 0 ? 0 : r.nextInt(1, 70_000));
            assertThat(GzipJoin.combine(crc(a, a.length), crc(b, b.length), b.length))
                    .isEqualTo(crc(concat(a, b), a.length + b.length));
        }
    }

    @Test
    void writtenBytesAndSharedFragmentsJoinIntoOneGzipMember() throws IOException {
        SplittableRandom r = new SplittableRandom(8);
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        GzipParts parts = new GzipParts();
        try (GzipJoin z = new GzipJoin(parts)) {
            for (int i = 0; i < 50; i++) {
                byte[] live = text(r, r.nextInt(0, 40_000));
                z.write(live, 0, live.length);
                whole.write(live);
                byte[] piece = text(r, r.nextInt(0, 40_000));
                z.append(GzipJoin.deflate(piece, piece.length, i % 2 == 0 ? Deflater.BEST_SPEED : Deflater.DEFAULT_COMPRESSION));
                whole.write(piece);
            }
        }
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        parts.writeTo(sent);
        assertThat(sent.size()).isEqualTo(parts.length());
        try (GZIPInputStream in = new GZIPInputStream(parts.openStream())) {
            assertThat(in.readAllBytes()).isEqualTo(whole.toByteArray()); // GZIPInputStream checks CRC and length
        }
    }

    private static byte[] text(SplittableRandom r, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) "0123456789.,[]".charAt(r.nextInt(14));
        }
        return b;
    }

    private static byte[] bytes(SplittableRandom r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static long crc(byte[] b, int n) {
        CRC32 c = new CRC32();
        c.update(b, 0, n);
        return c.getValue();
    }
}
