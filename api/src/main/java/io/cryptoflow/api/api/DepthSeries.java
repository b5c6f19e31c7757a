package io.cryptoflow.api.api;

import io.cryptoflow.api.render.JsonBytes;
import java.util.List;

/**
 * {@code GET /api/depth}: a market's heatmap as parallel arrays, one entry per time step that holds
 * at least one stored snapshot ({@code times[i]} = the step's start, epoch ms). Bin {@code b} covers
 * prices {@code [b * priceStep, (b + 1) * priceStep)}; {@code bids[i][j]} is the mean resting size
 * (base asset) of bin {@code bidBin[i] - j}, {@code asks[i][j]} of bin {@code askBin[i] + j}.
 * {@code tier} is the stored tier read ({@code 1s} or {@code 1m}), {@code step} the step answered (at
 * least 60000 on the minute tier). {@code missing}: the ranges within [from, to] where the book was not
 * known right, so no heatmap exists there (never an empty book). {@code priceStep} is null when no
 * snapshot lies in the range.
 */
public record DepthSeries(String exchange, String symbol, String tier, long step, long from, long to, Double priceStep,
                          long[] times, long[] bidBin, long[] askBin, float[][] bids, float[][] asks,
                          List<Missing> missing) {

    /** A range without a known book, ms, both ends inclusive. */
    public record Missing(long from, long to) {
    }

    /**
     * The JSON body, written straight from the arrays (Jackson took 100 ms for a day of minute rows of
     * 500 bins; each float here is its shortest decimal). Exchange and symbol are validated identifiers.
     */
    public byte[] json() {
        int cells = 0;
        for (int i = 0; i < times.length; i++) {
            cells += bids[i].length + asks[i].length;
        }
        JsonBytes out = new JsonBytes(256 + times.length * 48 + cells * 6 + missing.size() * 40);
        out.ascii("{\"exchange\":\"").ascii(exchange).ascii("\",\"symbol\":\"").ascii(symbol)
                .ascii("\",\"tier\":\"").ascii(tier).ascii("\",\"step\":").number(step)
                .ascii(",\"from\":").number(from).ascii(",\"to\":").number(to).ascii(",\"priceStep\":");
        if (priceStep == null) {
            out.ascii("null");
        } else {
            out.number(priceStep.doubleValue());
        }
        longs(out.ascii(",\"times\":"), times);
        longs(out.ascii(",\"bidBin\":"), bidBin);
        longs(out.ascii(",\"askBin\":"), askBin);
        sides(out.ascii(",\"bids\":"), bids);
        sides(out.ascii(",\"asks\":"), asks);
        out.ascii(",\"missing\":[");
        for (int i = 0; i < missing.size(); i++) {
            out.ascii(i == 0 ? "{\"from\":" : ",{\"from\":").number(missing.get(i).from())
                    .ascii(",\"to\":").number(missing.get(i).to()).ascii("}");
        }
        return out.ascii("]}").toByteArray();
    }

    private static void longs(JsonBytes out, long[] values) {
        out.ascii("[");
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.ascii(",");
            }
            out.number(values[i]);
        }
        out.ascii("]");
    }

    private static void sides(JsonBytes out, float[][] rows) {
        out.ascii("[");
        for (int i = 0; i < rows.length; i++) {
            out.ascii(i == 0 ? "[" : ",[");
            for (int j = 0; j < rows[i].length; j++) {
                if (j > 0) {
                    out.ascii(",");
                }
                out.number(rows[i][j]);
            }
            out.ascii("]");
        }
        out.ascii("]");
    }
}
