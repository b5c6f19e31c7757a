package io.cryptoflow.api.render;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Packs rendered candles into a {@link CandleShape} and their values, interning the few shapes the
 * renderer produces (members with a value or null). Only top-level members are split; a nested value
 * (the clusters object) is one value. A rendering that does not split cleanly, or whose packed form
 * does not write back byte for byte, is not packed (the caller then does not keep it).
 */
final class CandleShapes {

    /** Shapes kept at most: a renderer yields a handful; past this, candles of new shapes are not packed. */
    static final int MAX_SHAPES = 1024;

    private final ConcurrentHashMap<String, CandleShape> shapes = new ConcurrentHashMap<>();
    /**
     * The shape found last: consecutive candles of a page nearly always share it, and comparing
     * literals is cheaper than building and hashing the map's key (5 % of a random footprint
     * page's CPU in a JFR profile).
     */
    private volatile CandleShape last;

    /** A candle packed: its shape and its values. */
    record Packed(CandleShape shape, byte[] values) {
    }

    /** {@code c} packed, or null when it cannot be (see the class comment). */
    Packed pack(RenderedCandle c) {
        if (c.shape() != null) {
            return new Packed(c.shape(), c.json());
        }
        byte[] json = c.json();
        if (c.clustersFrom() < 0 || c.clustersFrom() > c.clustersTo() || c.clustersTo() > json.length) {
            return null;
        }
        byte[] leanJson = new byte[json.length - (c.clustersTo() - c.clustersFrom())];
        System.arraycopy(json, 0, leanJson, 0, c.clustersFrom());
        System.arraycopy(json, c.clustersTo(), leanJson, c.clustersFrom(), json.length - c.clustersTo());
        Split full = split(json);
        Split lean = split(leanJson);
        if (full == null || lean == null) {
            return null;
        }
        int[] leanValues = new int[lean.values.size()];
        int next = 0;
        for (int k = 0; k < leanValues.length; k++) {
            int[] want = lean.values.get(k);
            while (next < full.values.size() && !sameBytes(json, full.values.get(next), leanJson, want)) {
                next++;
            }
            if (next == full.values.size()) {
                return null;
            }
            leanValues[k] = next++;
        }
        byte[] digits = Long.toString(c.time()).getBytes(StandardCharsets.US_ASCII);
        boolean timeFirst = !full.values.isEmpty() && sameBytes(json, full.values.get(0), digits, new int[] {0, digits.length});
        CandleShape shape = intern(full.literals, lean.literals, leanValues, timeFirst);
        if (shape == null) {
            return null;
        }
        ByteArrayOutputStream values = new ByteArrayOutputStream(json.length);
        for (int[] v : timeFirst ? full.values.subList(1, full.values.size()) : full.values) {
            for (int len = v[1]; ; len >>>= 7) {
                if (len < 0x80) {
                    values.write(len);
                    break;
                }
                values.write((len & 0x7f) | 0x80);
            }
            values.write(json, v[0], v[1]);
        }
        Packed packed = new Packed(shape, values.toByteArray());
        return writesBack(packed, c.time(), json, true) && writesBack(packed, c.time(), leanJson, false) ? packed : null;
    }

    private CandleShape intern(List<byte[]> full, List<byte[]> lean, int[] leanValues, boolean timeFirst) {
        CandleShape seen = last;
        if (seen != null && seen.sameAs(full, lean, leanValues, timeFirst)) {
            return seen;
        }
        CandleShape found = internByKey(full, lean, leanValues, timeFirst);
        if (found != null) {
            last = found;
        }
        return found;
    }

    private CandleShape internByKey(List<byte[]> full, List<byte[]> lean, int[] leanValues, boolean timeFirst) {
        StringBuilder key = new StringBuilder(256).append(timeFirst ? 'T' : '-');
        for (byte[] l : full) {
            key.append(new String(l, StandardCharsets.ISO_8859_1)).append('\u0000');
        }
        key.append('\u0001');
        for (byte[] l : lean) {
            key.append(new String(l, StandardCharsets.ISO_8859_1)).append('\u0000');
        }
        key.append('\u0001').append(Arrays.toString(leanValues));
        String k = key.toString();
        CandleShape known = shapes.get(k);
        if (known != null || shapes.size() >= MAX_SHAPES) {
            return known;
        }
        return shapes.computeIfAbsent(k, x -> new CandleShape(full.toArray(byte[][]::new),
                lean.toArray(byte[][]::new), leanValues, timeFirst));
    }

    private static boolean writesBack(Packed p, long time, byte[] expected, boolean withClusters) {
        JsonBytes out = new JsonBytes(expected.length);
        try {
            p.shape().write(p.values(), time, withClusters, new byte[0], out);
        } catch (java.io.IOException e) {
            return false;
        }
        return p.shape().size(p.values(), time, withClusters) == expected.length
                && Arrays.equals(out.toByteArray(), expected);
    }

    private static boolean sameBytes(byte[] a, int[] span, byte[] b, int[] other) {
        return Arrays.equals(a, span[0], span[0] + span[1], b, other[0], other[0] + other[1]);
    }

    /** Literals around the varying values ({offset, length} in the text). */
    private record Split(List<byte[]> literals, List<int[]> values) {
    }

    /** A top-level JSON object split into literals and varying values; null when it is not one. */
    static Split split(byte[] j) {
        int n = j.length;
        if (n < 2 || j[0] != '{' || j[n - 1] != '}') {
            return null;
        }
        List<byte[]> literals = new ArrayList<>();
        List<int[]> values = new ArrayList<>();
        int literalFrom = 0;
        int i = 1;
        if (j[1] == '}') {
            return n == 2 ? new Split(List.of(j.clone()), List.of()) : null;
        }
        while (true) {
            if (j[i] != '"') {
                return null;
            }
            i = afterString(j, i);
            if (i < 0 || i >= n || j[i] != ':') {
                return null;
            }
            int from = ++i;
            int to = endOfValue(j, from);
            if (to <= from) {
                return null;
            }
            if (!constant(j, from, to)) {
                literals.add(Arrays.copyOfRange(j, literalFrom, from));
                values.add(new int[] {from, to - from});
                literalFrom = to;
            }
            if (j[to] == '}') {
                if (to != n - 1) {
                    return null;
                }
                literals.add(Arrays.copyOfRange(j, literalFrom, n));
                return new Split(literals, values);
            }
            i = to + 1;
            if (i >= n) {
                return null;
            }
        }
    }

    private static final byte[][] CONSTANTS = {
        "null".getBytes(StandardCharsets.US_ASCII),
        "true".getBytes(StandardCharsets.US_ASCII),
        "false".getBytes(StandardCharsets.US_ASCII)};

    private static boolean constant(byte[] j, int from, int to) {
        byte first = j[from];
        if (first != 'n' && first != 't' && first != 'f') {
            return false; // a number, string, object or array: most values, decided on one byte
        }
        for (byte[] c : CONSTANTS) {
            if (Arrays.equals(j, from, to, c, 0, c.length)) {
                return true;
            }
        }
        return false;
    }

    /** Index after the string starting at {@code i} (a '"'), or -1 when it does not end. */
    private static int afterString(byte[] j, int i) {
        for (int k = i + 1; k < j.length; k++) {
            if (j[k] == '\\') {
                k++;
            } else if (j[k] == '"') {
                return k + 1;
            }
        }
        return -1;
    }

    /** Index of the ',' or '}' ending the top-level value starting at {@code i}, or -1. */
    private static int endOfValue(byte[] j, int i) {
        int depth = 0;
        for (int k = i; k < j.length; k++) {
            byte b = j[k];
            if (b == '"') {
                k = afterString(j, k);
                if (k < 0) {
                    return -1;
                }
                k--;
            } else if (b == '{' || b == '[') {
                depth++;
            } else if (b == '}' || b == ']') {
                if (depth == 0) {
                    return b == '}' ? k : -1;
                }
                depth--;
            } else if (b == ',' && depth == 0) {
                return k;
            }
        }
        return -1;
    }
}
