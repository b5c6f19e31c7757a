package io.cryptoflow.simulator.market;

/**
 * Trade bursts on the live tape: every {@code everyMinutes}-th epoch minute (epoch minute divisible
 * by it) from the live start on carries {@code tradesPerSecond × seconds} extra agg trades inside a
 * {@code seconds}-long window in the middle of the minute, on top of the steady live rate. Regular by
 * design, so the tape's agg ids stay a closed-form function of the minute (no scan) and every run
 * of the same seed sees the same bursts. Rates: docs/exchanges.md "Trade bursts".
 */
public record TradeBursts(int tradesPerSecond, int seconds, int everyMinutes) {

    /** No burst at all (the default: the tape is the steady live rate). */
    public static final TradeBursts NONE = new TradeBursts(0, 0, 1);

    public TradeBursts {
        if (tradesPerSecond < 0 || seconds < 0 || seconds > 60 || everyMinutes < 1) {
            throw new IllegalArgumentException("bursts need 0 <= seconds <= 60, tradesPerSecond >= 0, everyMinutes >= 1");
        }
    }

    /** Extra agg trades of one burst minute. */
    int extraPerBurst() {
        return tradesPerSecond * seconds;
    }

    boolean any() {
        return extraPerBurst() > 0;
    }

    boolean isBurstMinute(long minute) {
        return any() && Math.floorMod(minute, everyMinutes) == 0;
    }

    /** Number of burst minutes in {@code [from, to)}. */
    long burstMinutesIn(long from, long to) {
        if (!any() || to <= from) {
            return 0;
        }
        return Math.floorDiv(to - 1, everyMinutes) - Math.floorDiv(from - 1, everyMinutes);
    }

    /** Start of the burst window within its minute, ms: the window sits in the middle of the minute. */
    long windowStartMs() {
        return (60 - seconds) * 1000L / 2;
    }

    long windowMs() {
        return seconds * 1000L;
    }
}
