package io.cryptoflow.api.api;

import io.cryptoflow.api.render.JsonBytes;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * {@code GET /api/depth}: a market's heatmap as parallel arrays, one entry per time step that holds
 * at least one stored snapshot ({@code times[i]} = the step's start, epoch ms). Bin {@code b} covers
 * prices {@code [b * priceStep, (b + 1) * priceStep)}; {@code bids[i][j]} is the mean resting size
 * (base asset, rounded to {@value #SIZE_DIGITS} significant digits) of bin {@code bidBin[i] - j}, {@code asks[i][j]} of bin {@code askBin[i] + j}.
 * {@code tier} is the stored tier read ({@code 1s} or {@code 1m}), {@code step} the step answered (at
 * least 60000 on the minute tier). {@code missing}: the ranges within [from, to] where the book was not
 * known right, so no heatmap exists there (never an empty book). {@code priceStep} is null when no
 * snapshot lies in the range. {@code collecting}: the market is configured and its book is being
 * collected, but none of it reached api.db yet (written as {@code "collecting":true} at the end; absent
 * otherwise).
 */
public record DepthSeries(String exchange, String symbol, String tier, long step, long from, long to, Double priceStep,
                          long[] times, long[] bidBin, long[] askBin, float[][] bids, float[][] asks,
                          List<Missing> missing, boolean collecting) {

    /** An answer from stored depth (not {@code collecting}). */
    public DepthSeries(String exchange, String symbol, String tier, long step, long from, long to, Double priceStep,
                       long[] times, long[] bidBin, long[] askBin, float[][] bids, float[][] asks, List<Missing> missing) {
        this(exchange, symbol, tier, step, from, to, priceStep, times, bidBin, askBin, bids, asks, missing, false);
    }

    /** A range without a known book, ms, both ends inclusive. */
    public record Missing(long from, long to) {
    }

    /**
     * Sizes are written rounded half-up to this many significant digits (the stored float32 means hold
     * ~7, more than any chart shows): ~40 % fewer bytes to render, gzip and send.
     */
    public static final int SIZE_DIGITS = 4;
    /** The body is handed to the output stream in pieces of about this size, never held whole. */
    private static final int PIECE = 64 * 1024;

    /** The JSON body as one array (tests, small answers). */
    public byte[] json() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(PIECE);
        try {
            writeJson(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // not thrown by an in-memory stream
        }
        return out.toByteArray();
    }

    /**
     * Writes the JSON body to {@code sink} in pieces, straight from the arrays (Jackson took 100 ms for a
     * day of minute rows of 500 bins). Exchange and symbol are validated identifiers.
     */
    public void writeJson(OutputStream sink) throws IOException {
        JsonBytes out = new JsonBytes(PIECE + 8 * 1024);
        head(out, exchange, symbol, tier, step, from, to, priceStep);
        longs(out.ascii(",\"times\":["), times, sink);
        longs(out.ascii("],\"bidBin\":["), bidBin, sink);
        longs(out.ascii("],\"askBin\":["), askBin, sink);
        rows(out.ascii("],\"bids\":["), bids, sink);
        rows(out.ascii("],\"asks\":["), asks, sink);
        tail(out.ascii("]"), missing, collecting).drainTo(sink);
    }

    /** The members before {@code times}. */
    public static JsonBytes head(JsonBytes out, String exchange, String symbol, String tier, long step, long from,
                                 long to, Double priceStep) {
        out.ascii("{\"exchange\":\"").ascii(exchange).ascii("\",\"symbol\":\"").ascii(symbol)
                .ascii("\",\"tier\":\"").ascii(tier).ascii("\",\"step\":").number(step)
                .ascii(",\"from\":").number(from).ascii(",\"to\":").number(to).ascii(",\"priceStep\":");
        return priceStep == null ? out.ascii("null") : out.number(priceStep.doubleValue());
    }

    /** {@code missing} and the end of the object. */
    public static JsonBytes tail(JsonBytes out, List<Missing> missing) {
        return tail(out, missing, false);
    }

    /** {@code missing}, {@code "collecting":true} when it is, and the end of the object. */
    public static JsonBytes tail(JsonBytes out, List<Missing> missing, boolean collecting) {
        out.ascii(",\"missing\":[");
        for (int i = 0; i < missing.size(); i++) {
            out.ascii(i == 0 ? "{\"from\":" : ",{\"from\":").number(missing.get(i).from())
                    .ascii(",\"to\":").number(missing.get(i).to()).ascii("}");
        }
        return out.ascii(collecting ? "],\"collecting\":true}" : "]}");
    }

    /** The values, comma-separated (no brackets), drained to {@code sink} in pieces. */
    public static void longs(JsonBytes out, long[] values, OutputStream sink) throws IOException {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.ascii(",");
            }
            out.number(values[i]);
            if (out.length() > PIECE) {
                out.drainTo(sink);
            }
        }
    }

    /** Each row as an array of sizes, comma-separated (no outer brackets), drained to {@code sink} in pieces. */
    public static void rows(JsonBytes out, float[][] rows, OutputStream sink) throws IOException {
        for (int i = 0; i < rows.length; i++) {
            out.ascii(i == 0 ? "[" : ",[");
            for (int j = 0; j < rows[i].length; j++) {
                if (j > 0) {
                    out.ascii(",");
                }
                out.significant(rows[i][j], SIZE_DIGITS);
            }
            out.ascii("]");
            if (out.length() > PIECE) {
                out.drainTo(sink);
            }
        }
    }
}
