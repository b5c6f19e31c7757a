package io.cryptoflow.collector.exchange;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The rows of an exchange's ASCII CSV trade archive, read from the bytes: no String per line or per
 * field. A row's fields are read in place ({@link #longAt}, {@link #priceAt}, {@link #doubleAt},
 * {@link #idAt}, {@link #is}); each is trimmed as {@link String#trim} trims, and a line may end in CRLF.
 *
 * <p>Why: a backfill reads a year of archive files per market, millions of rows each day, and reading
 * them as lines, split into Strings and parsed, was half of the CPU of the collector's archive import
 * (JFR, docs/benchmarks.md "CPU per backfilled day"). A busy machine's backfill is bounded by that
 * CPU (issue 23).
 */
public final class CsvRows {

    /** Columns a row may have; a trade archive has 5-10. */
    private static final int MAX_COLUMNS = 32;
    /** Longest line kept whole; longer is malformed for a trade archive (a header is ~100 bytes). */
    private static final int MAX_LINE = 1 << 20;
    /** 10^0 … 10^22: the powers of ten a double holds exactly (the fast path of {@link #doubleAt}). */
    private static final double[] POW10 = new double[23];

    /** 10^0 … 10^18 as longs. */
    private static final long[] TEN_POW = new long[19];

    static {
        TEN_POW[0] = 1;
        for (int i = 1; i < TEN_POW.length; i++) {
            TEN_POW[i] = TEN_POW[i - 1] * 10;
        }
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    private final InputStream in;
    private byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private boolean eof;
    private final int[] start = new int[MAX_COLUMNS];
    private final int[] end = new int[MAX_COLUMNS];
    private int columns;
    private int lineStart;
    private int lineEnd;
    private long lineNo;
    /** What {@link #scanPlainDecimal} read: the digits as one integer, and how many were decimals. */
    private long scannedDigits;
    private int scannedDecimals;

    public CsvRows(InputStream in) {
        this.in = in;
    }

    /**
     * Moves to the next line that is not empty; false at the end of the stream. Columns beyond
     * {@value #MAX_COLUMNS} are joined into the last one.
     */
    public boolean next() throws IOException, MalformedTradeException {
        while (true) {
            int nl = findNewline();
            if (nl < 0) {
                return false;
            }
            lineNo++;
            lineStart = pos;
            lineEnd = nl > pos && buf[nl - 1] == '\r' ? nl - 1 : nl;
            pos = Math.min(nl + 1, limit);
            if (lineEnd > lineStart) {
                split();
                return true;
            }
        }
    }

    /** The index of the newline ending the line at {@link #pos} (or the end of the data at EOF); -1 when none is left. */
    private int findNewline() throws IOException, MalformedTradeException {
        int from = pos;
        while (true) {
            for (int i = from; i < limit; i++) {
                if (buf[i] == '\n') {
                    return i;
                }
            }
            if (eof) {
                return pos < limit ? limit : -1;
            }
            from = limit - pos;
            fill();
            from = pos + from;
        }
    }

    /** Keeps the unread bytes at the start of the buffer and reads more after them. */
    private void fill() throws IOException, MalformedTradeException {
        int kept = limit - pos;
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, kept);
        } else if (kept == buf.length) {
            if (buf.length >= MAX_LINE) {
                throw new MalformedTradeException("line " + (lineNo + 1) + ": longer than " + MAX_LINE + " bytes");
            }
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        pos = 0;
        limit = kept;
        int n = in.read(buf, limit, buf.length - limit);
        if (n < 0) {
            eof = true;
        } else {
            limit += n;
        }
    }

    private void split() {
        columns = 0;
        int s = lineStart;
        for (int i = lineStart; i < lineEnd; i++) {
            if (buf[i] == ',' && columns < MAX_COLUMNS - 1) {
                setColumn(s, i);
                s = i + 1;
            }
        }
        setColumn(s, lineEnd);
    }

    private void setColumn(int from, int to) {
        while (from < to && (buf[from] & 0xff) <= ' ') { // as String.trim
            from++;
        }
        while (to > from && (buf[to - 1] & 0xff) <= ' ') {
            to--;
        }
        start[columns] = from;
        end[columns] = to;
        columns++;
    }

    /** The current line's number, from 1 (blank lines counted), for messages. */
    public long lineNo() {
        return lineNo;
    }

    public int columns() {
        return columns;
    }

    /** The current line as text (for messages, and the header). */
    public String line() {
        return new String(buf, lineStart, lineEnd - lineStart, StandardCharsets.US_ASCII);
    }

    /** Column {@code i} as text. */
    public String text(int i) {
        return new String(buf, start[i], end[i] - start[i], StandardCharsets.US_ASCII);
    }

    /** Whether the line starts with a digit (a data row, as opposed to a header). */
    public boolean startsWithDigit() {
        return lineEnd > lineStart && buf[lineStart] >= '0' && buf[lineStart] <= '9';
    }

    /** Whether column {@code i} is {@code word}, ignoring case (ASCII). */
    public boolean is(int i, String word) {
        int n = end[i] - start[i];
        if (n != word.length()) {
            return false;
        }
        for (int k = 0; k < n; k++) {
            char c = charOf(buf[start[i] + k]);
            char w = word.charAt(k);
            if (c != w && Character.toLowerCase(c) != Character.toLowerCase(w)) {
                return false;
            }
        }
        return true;
    }

    /** Column {@code i} as a long, as {@link Long#parseLong} reads it. */
    public long longAt(int i) {
        return Long.parseLong(chars(i), 0, end[i] - start[i], 10);
    }

    /** Column {@code i} as a trade id ({@link JsonTrades#idOf}: ids stored before stay equal). */
    public long idAt(int i) {
        return JsonTrades.idOf(chars(i));
    }

    /** Column {@code i} as a price in units of 1e-10 ({@link Prices#parse}). */
    public long priceAt(int i) {
        return Prices.parse(chars(i));
    }

    /**
     * Column {@code i} as a double, equal to {@link Double#parseDouble}: a plain decimal whose digits
     * make an integer of at most 2^53 with at most 22 decimals is exact as {@code digits / 10^decimals}
     * (both exact doubles, one correctly rounded division); anything else goes through
     * {@code Double.parseDouble}.
     */
    public double doubleAt(int i) {
        if (scanPlainDecimal(i) && scannedDigits <= 1L << 53 && scannedDecimals < POW10.length) {
            return scannedDigits / POW10[scannedDecimals];
        }
        return Double.parseDouble(text(i)); // throws for an empty or malformed field, saying what it got
    }

    /**
     * Column {@code i}, a time in seconds with an optional fraction ({@code 1671580800.4855}), as epoch
     * ms cut toward zero, as {@code new BigDecimal(text).movePointRight(3).longValue()} makes it.
     */
    public long secondsAsMillisAt(int i) {
        if (scanPlainDecimal(i)) {
            if (scannedDecimals <= 3 && scannedDigits <= Long.MAX_VALUE / 1000) {
                return scannedDigits * TEN_POW[3 - scannedDecimals];
            }
            if (scannedDecimals > 3 && scannedDecimals - 3 < TEN_POW.length) {
                return scannedDigits / TEN_POW[scannedDecimals - 3];
            }
        }
        return slowMillis(i);
    }

    /**
     * Reads column {@code i} as a plain decimal (digits with at most one dot, at least one digit) into
     * {@link #scannedDigits} (all its digits as one integer) and {@link #scannedDecimals}; false for
     * anything else, or more than 18 digits after leading zeros (beyond a long).
     */
    private boolean scanPlainDecimal(int i) {
        long digits = 0;
        int significant = 0;
        int decimals = 0;
        boolean dot = false;
        boolean any = false;
        for (int k = start[i]; k < end[i]; k++) {
            byte c = buf[k];
            if (c >= '0' && c <= '9') {
                any = true;
                if ((digits != 0 || c != '0') && ++significant > 18) {
                    return false;
                }
                digits = digits * 10 + (c - '0');
                if (dot) {
                    decimals++;
                }
            } else if (c == '.' && !dot) {
                dot = true;
            } else {
                return false;
            }
        }
        scannedDigits = digits;
        scannedDecimals = decimals;
        return any;
    }

    private long slowMillis(int i) {
        return new java.math.BigDecimal(text(i)).movePointRight(3).longValue();
    }

    /** A byte as the US-ASCII decoder made it a char: a byte over 127 is U+FFFD. */
    private static char charOf(byte b) {
        return b >= 0 ? (char) b : '\uFFFD';
    }

    private CharSequence chars(int i) {
        return new Chars(start[i], end[i]);
    }

    /** A column's bytes as characters, for parsers that take a CharSequence; valid until the next row. */
    private final class Chars implements CharSequence {
        private final int from;
        private final int to;

        Chars(int from, int to) {
            this.from = from;
            this.to = to;
        }

        @Override
        public int length() {
            return to - from;
        }

        @Override
        public char charAt(int index) {
            return charOf(buf[from + index]);
        }

        @Override
        public CharSequence subSequence(int s, int e) {
            return new Chars(from + s, from + e);
        }

        @Override
        public String toString() {
            return new String(buf, from, to - from, StandardCharsets.US_ASCII);
        }
    }
}
