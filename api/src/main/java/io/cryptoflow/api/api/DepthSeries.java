package io.cryptoflow.api.api;

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
}
