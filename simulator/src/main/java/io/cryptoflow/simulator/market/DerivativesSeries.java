package io.cryptoflow.simulator.market;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Open interest and funding of one derivatives tape: like the tape itself a pure function of (seed,
 * venue, symbol, time), so every endpoint, archive file and test sees the same series. Open interest
 * is defined at every millisecond (smooth noise around a base size, in the tape's quantity units);
 * exchanges sample it on their grids (Binance and Bybit history every 5 minutes, Bitget's current value
 * at the request time). Funding is settled every 8 hours (00:00, 08:00, 16:00 UTC) from the listing on,
 * with a rate in 1e-8 steps and the mark price at that instant on the tape's price grid.
 */
public final class DerivativesSeries {

    public static final long FIVE_MINUTES = 5 * TradeTape.MINUTE;
    public static final long FUNDING_INTERVAL = 8 * 60 * TradeTape.MINUTE;
    private static final long DAY = 24 * 60 * TradeTape.MINUTE;
    private static final int RATE_SCALE = 8;

    /** Open interest at {@code time}: size in base units and its value at the mid price then. */
    public record OpenInterest(long time, BigDecimal size, BigDecimal value) {
    }

    /** One settled funding event: {@code time} is the funding time. */
    public record Funding(long time, BigDecimal rate, BigDecimal markPrice) {
    }

    private final TradeTape tape;
    private final long seed;
    private final double baseUnits;

    public DerivativesSeries(TradeTape tape) {
        this.tape = tape;
        this.seed = Hashing.mix(tape.seed(), Hashing.of("derivatives"));
        // Open interest around 2 million typical trades (BTC: about 100,000 BTC).
        this.baseUnits = tape.spec().typicalQtyUnits() * 2_000_000.0;
    }

    public TradeTape tape() {
        return tape;
    }

    public OpenInterest openInterestAt(long time) {
        double x = 0.20 * PricePath.valueNoise(seed, time, 7 * DAY)
                + 0.05 * PricePath.valueNoise(seed + 1, time, 8 * 60 * TradeTape.MINUTE)
                + 0.01 * PricePath.valueNoise(seed + 2, time, 20 * TradeTape.MINUTE);
        long sizeUnits = Math.round(baseUnits * StrictMath.exp(x));
        long priceUnits = Math.round(tape.midAt(time) * Math.pow(10, tape.spec().priceScale()));
        return new OpenInterest(time, tape.spec().qty(sizeUnits),
                tape.spec().quote(Math.multiplyExact(sizeUnits, priceUnits)));
    }

    /**
     * Samples on the {@code stepMs} grid with time in [from, to], not before listing nor after
     * {@code now}, oldest first; at most {@code limit}, the newest ones when {@code newest}.
     */
    public List<OpenInterest> openInterest(long stepMs, long from, long to, long now, int limit, boolean newest) {
        List<OpenInterest> out = new ArrayList<>();
        for (long t : grid(stepMs, from, to, now, limit, newest)) {
            out.add(openInterestAt(t));
        }
        return out;
    }

    /** The funding event settled at {@code fundingTime} (a multiple of 8 h). */
    public Funding fundingAt(long fundingTime) {
        long k = Math.floorDiv(fundingTime, FUNDING_INTERVAL);
        // 0.01 % plus or minus 0.03 %, in steps of 1e-8.
        long rateUnits = 10_000 + Math.round(30_000 * Hashing.unit(seed + 3, k));
        long priceUnits = Math.round(tape.midAt(fundingTime) * Math.pow(10, tape.spec().priceScale()));
        return new Funding(fundingTime, BigDecimal.valueOf(rateUnits, RATE_SCALE), tape.spec().price(priceUnits));
    }

    /** Funding events with time in [from, to], settled by {@code now}; like {@link #openInterest}. */
    public List<Funding> funding(long from, long to, long now, int limit, boolean newest) {
        List<Funding> out = new ArrayList<>();
        for (long t : grid(FUNDING_INTERVAL, from, to, now, limit, newest)) {
            out.add(fundingAt(t));
        }
        return out;
    }

    /** The next funding time after {@code now}. */
    public static long nextFundingTime(long now) {
        return (Math.floorDiv(now, FUNDING_INTERVAL) + 1) * FUNDING_INTERVAL;
    }

    private List<Long> grid(long stepMs, long from, long to, long now, int limit, boolean newest) {
        long first = Math.max(MarketData.ceilTo(from, stepMs), MarketData.ceilTo(tape.listedSinceMs(), stepMs));
        long last = MarketData.floorTo(Math.min(to, now), stepMs);
        List<Long> times = new ArrayList<>();
        if (last < first || limit <= 0) {
            return times;
        }
        if ((last - first) / stepMs + 1 > limit) {
            if (newest) {
                first = last - (long) (limit - 1) * stepMs;
            } else {
                last = first + (long) (limit - 1) * stepMs;
            }
        }
        for (long t = first; t <= last; t += stepMs) {
            times.add(t);
        }
        return times;
    }
}
