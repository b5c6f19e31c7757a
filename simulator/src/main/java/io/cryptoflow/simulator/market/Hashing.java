package io.cryptoflow.simulator.market;

import java.nio.charset.StandardCharsets;

/** Stable 64-bit mixing (SplitMix64 finaliser); the simulator's only source of randomness. */
final class Hashing {

    private Hashing() {
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static long mix(long a, long b) {
        return mix(a * 0x9E3779B97F4A7C15L + mix(b));
    }

    /** Value in [-1, 1) derived from (seed, k). */
    static double unit(long seed, long k) {
        return ((mix(seed, k) >>> 11) * 0x1.0p-53) * 2 - 1;
    }

    static long of(String text) {
        long h = 1125899906842597L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h = 31 * h + b;
        }
        return mix(h);
    }
}
