package io.cryptoflow.api.render;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * The text every candle rendered with the same members shares (keys, punctuation and the constant
 * values {@code null}, {@code true}, {@code false}), so that {@link ClosedCandles} keeps a closed candle
 * as its varying values alone: about 85 bytes instead of a ~210-byte rendering plus its objects, which
 * lets a 24 MiB bound hold every closed candle of 18 markets × 4 timeframes × 120 days
 * (docs/benchmarks.md, "Random reads that fit"). Built and checked by
 * {@link CandleShapes}: writing a candle back gives exactly the bytes it was packed from.
 *
 * <p>Packed values: for each value, its length (unsigned LEB128) then its bytes, in the order of the
 * full rendering.
 */
public final class CandleShape {

    /**
     * Where a candle's bytes go: an {@code OutputStream}'s or a {@link JsonBytes}' write. A stream that
     * implements it (the API's body buffer) is written to directly; any other is adapted per candle.
     */
    @FunctionalInterface
    public interface Sink {
        void put(byte[] b, int off, int len) throws IOException;
    }

    /**
     * Where a candle's open time is formatted (per thread: a page writes hundreds of candles, and making
     * a string of each time twice, for the size and for the bytes, was a third of what a random page
     * allocated; docs/benchmarks.md, "What a random page allocates").
     */
    private static final ThreadLocal<byte[]> DIGITS = ThreadLocal.withInitial(() -> new byte[JsonBytes.MAX_DECIMAL]);

    /** Literal {@code i} precedes value {@code i}; the last one follows the last value and ends with '}'. */
    private final byte[][] full;
    /** The same rendering without its {@code clusters} member. */
    private final byte[][] lean;
    /** For lean literal {@code k}, the index of the full value written after it (increasing). */
    private final int[] leanValues;
    private final int fullLiteralBytes;
    private final int leanLiteralBytes;
    /** Value 0 is the candle's open time, written from its slot rather than kept (14 bytes a candle). */
    private final boolean timeFirst;

    CandleShape(byte[][] full, byte[][] lean, int[] leanValues, boolean timeFirst) {
        this.full = full;
        this.lean = lean;
        this.leanValues = leanValues;
        this.timeFirst = timeFirst;
        this.fullLiteralBytes = total(full);
        this.leanLiteralBytes = total(lean);
    }

    /** Whether this shape has exactly these literals and lean value positions. */
    boolean sameAs(List<byte[]> fullLiterals, List<byte[]> leanLiterals, int[] leanPositions, boolean timeFirstValue) {
        return timeFirst == timeFirstValue && Arrays.equals(leanValues, leanPositions)
                && sameParts(full, fullLiterals) && sameParts(lean, leanLiterals);
    }

    private static boolean sameParts(byte[][] parts, List<byte[]> other) {
        if (parts.length != other.size()) {
            return false;
        }
        for (int i = 0; i < parts.length; i++) {
            if (!Arrays.equals(parts[i], other.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static int total(byte[][] parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        return n;
    }

    /**
     * Writes the candle whose values are {@code packed}, with {@code members} (text starting with
     * {@code ,"name":...}, or empty) inserted before its closing brace.
     */
    void write(byte[] packed, long time, boolean withClusters, byte[] members, Sink out) throws IOException {
        byte[][] literals = withClusters ? full : lean;
        int p = 0;
        int value = timeFirst ? 1 : 0;
        for (int k = 0; k < literals.length - 1; k++) {
            byte[] literal = literals[k];
            out.put(literal, 0, literal.length);
            int wanted = withClusters ? k : leanValues[k];
            if (wanted == 0 && timeFirst) {
                byte[] digits = DIGITS.get();
                out.put(digits, 0, JsonBytes.decimal(time, digits, 0));
                continue;
            }
            int len;
            while (true) { // skip the values the lean shape leaves out
                len = packed[p] & 0x7f;
                int shift = 7;
                while ((packed[p++] & 0x80) != 0) {
                    len |= (packed[p] & 0x7f) << shift;
                    shift += 7;
                }
                if (value++ == wanted) {
                    break;
                }
                p += len;
            }
            out.put(packed, p, len);
            p += len;
        }
        byte[] last = literals[literals.length - 1];
        if (members.length == 0) {
            out.put(last, 0, last.length);
        } else {
            out.put(last, 0, last.length - 1);
            out.put(members, 0, members.length);
            out.put(last, last.length - 1, 1);
        }
    }

    /** Bytes {@link #write} writes without members. */
    int size(byte[] packed, long time, boolean withClusters) {
        int n = withClusters ? fullLiteralBytes : leanLiteralBytes;
        int p = 0;
        int k = 0;
        if (timeFirst) {
            if (withClusters || (leanValues.length > 0 && leanValues[0] == 0)) {
                n += JsonBytes.decimalLength(time);
                k++;
            }
        }
        for (int value = timeFirst ? 1 : 0; p < packed.length; value++) {
            int len = packed[p] & 0x7f;
            int shift = 7;
            while ((packed[p++] & 0x80) != 0) {
                len |= (packed[p] & 0x7f) << shift;
                shift += 7;
            }
            if (withClusters || (k < leanValues.length && leanValues[k] == value)) {
                n += len;
                k++;
            }
            p += len;
        }
        return n;
    }
}
