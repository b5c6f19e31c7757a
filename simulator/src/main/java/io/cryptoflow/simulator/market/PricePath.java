package io.cryptoflow.simulator.market;

/**
 * A smooth, realistic-looking price curve that is a pure function of time: several octaves of
 * hashed value noise around a base price. No state, so any instant can be priced independently.
 */
final class PricePath {

    private static final long MINUTE = 60_000L;
    private static final long[] PERIODS = {45L * 1440 * MINUTE, 5L * 1440 * MINUTE, 8L * 60 * MINUTE,
            45L * MINUTE, 5L * MINUTE};
    private static final double[] AMPLITUDES = {0.30, 0.10, 0.025, 0.006, 0.0015};

    private final double logBase;
    private final long symbolSeed;
    private final long venueSeed;

    PricePath(double basePrice, long symbolSeed, long venueSeed) {
        this.logBase = StrictMath.log(basePrice);
        this.symbolSeed = symbolSeed;
        this.venueSeed = venueSeed;
    }

    /** Mid price at {@code timeMs}; the venue adds a tiny basis so markets of one symbol track each other. */
    double midAt(long timeMs) {
        double x = logBase;
        for (int i = 0; i < PERIODS.length; i++) {
            x += AMPLITUDES[i] * valueNoise(symbolSeed + i * 0x9E3779B97F4A7C15L, timeMs, PERIODS[i]);
        }
        x += 0.0005 * valueNoise(venueSeed, timeMs, 30 * MINUTE);
        return StrictMath.exp(x);
    }

    /** Smooth noise in [-1, 1) of period {@code period}; also drives the derivatives series. */
    static double valueNoise(long seed, long timeMs, long period) {
        long k = Math.floorDiv(timeMs, period);
        double f = (double) Math.floorMod(timeMs, period) / period;
        double a = Hashing.unit(seed, k);
        double b = Hashing.unit(seed, k + 1);
        double s = f * f * (3 - 2 * f);
        return a + (b - a) * s;
    }
}
