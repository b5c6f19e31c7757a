package io.cryptoflow.api.core;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * Down-samples snapshots, fed oldest first, to one entry per time step: per price bin the mean size
 * over the step's snapshots weighted by their {@code samples} (a bin a snapshot does not reach counts
 * as 0 in it), the highest best-bid bin and the lowest best-ask bin of the step (on a moving market
 * the two sides can overlap). All output is on the price grid of the first snapshot; a snapshot on
 * another grid (the collector's bin width changed) is re-binned by each bin's lower price edge.
 * Only one step's sums are held at a time.
 */
final class DepthSampler {

    private final long step;
    private final BinSum bidSum = new BinSum();
    private final BinSum askSum = new BinSum();
    private Double priceStep;
    private long current = Long.MIN_VALUE;
    private long bestBid;
    private long bestAsk;
    private double weight;
    private int n;
    private long[] times = new long[16];
    private long[] bidBins = new long[16];
    private long[] askBins = new long[16];
    private float[][] bids = new float[16][];
    private float[][] asks = new float[16][];

    DepthSampler(long step) {
        this.step = step;
    }

    void add(DepthReads.Snapshot s) {
        if (priceStep == null) {
            priceStep = s.step();
        }
        long bucket = Math.floorDiv(s.time(), step) * step;
        if (bucket != current) {
            flush();
            current = bucket;
            bestBid = Long.MIN_VALUE;
            bestAsk = Long.MAX_VALUE;
            weight = 0;
        }
        double w = Math.max(1, s.samples());
        weight += w;
        bestBid = Math.max(bestBid, rebin(s.bidBin(), s.step()));
        bestAsk = Math.min(bestAsk, rebin(s.askBin(), s.step()));
        FloatBuffer b = s.bidSizes();
        for (int i = 0; i < b.limit(); i++) {
            bidSum.add(rebin(s.bidBin() - i, s.step()), b.get(i) * w);
        }
        FloatBuffer a = s.askSizes();
        for (int i = 0; i < a.limit(); i++) {
            askSum.add(rebin(s.askBin() + i, s.step()), a.get(i) * w);
        }
    }

    private long rebin(long bin, double rowStep) {
        return rowStep == priceStep ? bin : (long) Math.floor(bin * rowStep / priceStep + 1e-9);
    }

    private void flush() {
        if (current == Long.MIN_VALUE) {
            return;
        }
        if (n == times.length) {
            int size = n * 2;
            times = Arrays.copyOf(times, size);
            bidBins = Arrays.copyOf(bidBins, size);
            askBins = Arrays.copyOf(askBins, size);
            bids = Arrays.copyOf(bids, size);
            asks = Arrays.copyOf(asks, size);
        }
        times[n] = current;
        bidBins[n] = bestBid;
        askBins[n] = bestAsk;
        bids[n] = bidSum.downFrom(bestBid, weight);
        asks[n] = askSum.upFrom(bestAsk, weight);
        n++;
        bidSum.clear();
        askSum.clear();
        current = Long.MIN_VALUE;
    }

    /** The steps so far, as parallel arrays; ends the current step. */
    Result finish() {
        flush();
        return new Result(priceStep, Arrays.copyOf(times, n), Arrays.copyOf(bidBins, n), Arrays.copyOf(askBins, n),
                Arrays.copyOf(bids, n), Arrays.copyOf(asks, n));
    }

    record Result(Double priceStep, long[] times, long[] bidBin, long[] askBin, float[][] bids, float[][] asks) {
    }
}
