package io.cryptoflow.api.render;

import java.util.Arrays;

/**
 * A growable byte buffer with the few JSON writes the candle renderer needs. Doubles are written
 * as the shortest decimal with at most 12 fraction digits that reads back as the same double (the
 * common case for exchange prices and volumes), else with {@link Double#toString}: JDK 17's
 * {@code FloatingDecimal} was most of the old per-request cost.
 */
public final class JsonBytes implements CandleShape.Sink {

    private static final double[] POW10 = new double[23];
    private static final long[] LPOW10 = new long[19];
    private static final int MAX_FRACTION_DIGITS = 12;
    /** 2^53: below it every integer is an exact double. */
    private static final double EXACT = 9_007_199_254_740_992d;

    static {
        double p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            p *= 10;
        }
        long l = 1;
        for (int i = 0; i < LPOW10.length; i++) {
            LPOW10[i] = l;
            l *= 10;
        }
    }

    private byte[] buf;
    private int len;

    public JsonBytes(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    public int length() {
        return len;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    public void reset() {
        len = 0;
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }

    public JsonBytes ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[len++] = (byte) s.charAt(i);
        }
        return this;
    }

    public JsonBytes raw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
        return this;
    }

    @Override
    public void put(byte[] bytes, int offset, int count) {
        raw(bytes, offset, count);
    }

    public JsonBytes raw(byte[] bytes, int offset, int count) {
        ensure(count);
        System.arraycopy(bytes, offset, buf, len, count);
        len += count;
        return this;
    }

    /** Writes the bytes so far to {@code out} and empties the buffer (a body streamed in pieces). */
    public void drainTo(java.io.OutputStream out) throws java.io.IOException {
        out.write(buf, 0, len);
        len = 0;
    }

    /** The bytes written so far, without copying (valid until the next write). */
    public byte[] array() {
        return buf;
    }

    public JsonBytes number(long v) {
        ensure(MAX_DECIMAL);
        len = decimal(v, buf, len);
        return this;
    }

    /** The most bytes {@link #decimal} writes ({@code Long.MIN_VALUE}). */
    static final int MAX_DECIMAL = 20;

    /** Bytes of {@code v} in decimal, as {@link Long#toString(long)} writes it, without making the string. */
    static int decimalLength(long v) {
        if (v == Long.MIN_VALUE) {
            return MAX_DECIMAL;
        }
        int sign = v < 0 ? 1 : 0;
        long m = Math.abs(v);
        int digits = 1;
        while (digits < 19 && m >= LPOW10[digits]) {
            digits++;
        }
        return sign + digits;
    }

    /**
     * Writes {@code v} in decimal (as {@link Long#toString(long)}) into {@code to} at {@code at}, which has
     * room for {@link #MAX_DECIMAL} bytes; returns the position after it.
     */
    static int decimal(long v, byte[] to, int at) {
        if (v == Long.MIN_VALUE) {
            byte[] min = Long.toString(v).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            System.arraycopy(min, 0, to, at, min.length);
            return at + min.length;
        }
        int end = at + decimalLength(v);
        long m = v;
        if (m < 0) {
            to[at] = '-';
            m = -m;
        }
        int i = end;
        do {
            to[--i] = (byte) ('0' + m % 10);
            m /= 10;
        } while (m != 0);
        return end;
    }

    /** A finite double as a JSON number; NaN and infinities (never stored) as {@code null}. */
    public JsonBytes number(double v) {
        if (!Double.isFinite(v)) {
            return ascii("null");
        }
        if (v == 0) {
            return ascii(Double.doubleToRawLongBits(v) == 0 ? "0.0" : "-0.0");
        }
        double a = Math.abs(v);
        if (a < EXACT && a >= 1e-6) {
            for (int k = 0; k <= MAX_FRACTION_DIGITS; k++) {
                double scaled = a * POW10[k];
                if (scaled >= EXACT) {
                    break;
                }
                long m = Math.round(scaled);
                // (double) m / 10^k is correctly rounded (m and 10^k exact), so equality means the
                // decimal m·10^-k reads back as exactly this double.
                if ((double) m / POW10[k] == a) {
                    if (v < 0) {
                        ensure(1);
                        buf[len++] = '-';
                    }
                    return fixed(m, k);
                }
            }
        }
        return ascii(Double.toString(v));
    }

    /**
     * A finite float (a stored float32 size) as the shortest decimal of at most {@value #MAX_FRACTION_DIGITS}
     * fraction digits that reads back as the same float, else as Jackson writes it; NaN and infinities as null.
     */
    public JsonBytes number(float v) {
        if (!Float.isFinite(v)) {
            return ascii("null");
        }
        float a = Math.abs(v);
        if (a != 0 && a < 1e9f && a >= 1e-6f) {
            for (int k = 0; k <= MAX_FRACTION_DIGITS; k++) {
                double scaled = a * POW10[k];
                if (scaled >= EXACT) {
                    break;
                }
                long m = Math.round(scaled);
                if ((float) ((double) m / POW10[k]) == a) {
                    if (v < 0) {
                        ensure(1);
                        buf[len++] = '-';
                    }
                    return fixed(m, k);
                }
            }
        }
        return v == 0 ? ascii(Float.floatToRawIntBits(v) == 0 ? "0.0" : "-0.0") : ascii(Float.toString(v));
    }

    /**
     * A finite float rounded half-up to {@code digits} significant digits (trailing zeros dropped, zero as
     * {@code 0}); values of more than 12 fraction digits at that precision as {@link #number(float)}.
     */
    public JsonBytes significant(float v, int digits) {
        if (v == 0) {
            return ascii("0");
        }
        float a = Math.abs(v);
        if (!Float.isFinite(v) || a < 1e-6f || a >= 1e15f) {
            return number(v);
        }
        int k = digits - 1 - (int) Math.floor(Math.log10(a)); // fraction digits kept
        long m;
        if (k < 0) {
            m = Math.round(a / POW10[-k]) * LPOW10[-k];
            k = 0;
        } else if (k > MAX_FRACTION_DIGITS) {
            return number(v);
        } else {
            m = Math.round(a * POW10[k]);
            while (k > 0 && m % 10 == 0) {
                m /= 10;
                k--;
            }
        }
        if (v < 0) {
            ensure(1);
            buf[len++] = '-';
        }
        return fixed(m, k);
    }

    /** m·10^-k with at least one fraction digit, like Jackson's "67000.0". */
    private JsonBytes fixed(long m, int k) {
        long intPart = k == 0 ? m : m / LPOW10[k];
        number(intPart);
        ensure(1 + Math.max(1, k));
        buf[len++] = '.';
        if (k == 0) {
            buf[len++] = '0';
            return this;
        }
        long frac = m - intPart * LPOW10[k];
        for (int i = k - 1; i >= 0; i--) {
            buf[len + i] = (byte) ('0' + frac % 10);
            frac /= 10;
        }
        len += k;
        return this;
    }
}
