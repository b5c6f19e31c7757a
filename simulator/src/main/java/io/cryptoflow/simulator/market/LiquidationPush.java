package io.cryptoflow.simulator.market;

import java.util.ArrayList;
import java.util.List;

/**
 * How an exchange pushes a symbol's liquidations: per window of {@code windowMs} (aligned to the
 * epoch), either every liquidation of the window (Bybit {@code allLiquidation}, 500 ms) or only the
 * window's latest one (Binance {@code forceOrder}: "only the latest one liquidation order within
 * 1000ms will be pushed as the snapshot"), so what Binance sends is a sample. A window is pushed once
 * it has ended; an empty window pushes nothing. Sources in docs/exchanges.md.
 */
public enum LiquidationPush {
    BINANCE_LATEST_PER_SECOND(1_000, true),
    BYBIT_ALL_PER_HALF_SECOND(500, false);

    private final long windowMs;
    private final boolean latestOnly;

    LiquidationPush(long windowMs, boolean latestOnly) {
        this.windowMs = windowMs;
        this.latestOnly = latestOnly;
    }

    public long windowMs() {
        return windowMs;
    }

    /** Start of the window holding {@code timeMs}. */
    public long windowOf(long timeMs) {
        return Math.floorDiv(timeMs, windowMs) * windowMs;
    }

    /**
     * The pushes the exchange makes for {@code liquidations} (oldest first, all of one symbol), one
     * list per non-empty window, in window order.
     */
    public List<List<SimLiquidation>> pushes(List<SimLiquidation> liquidations) {
        List<List<SimLiquidation>> out = new ArrayList<>();
        long window = Long.MIN_VALUE;
        List<SimLiquidation> current = null;
        for (SimLiquidation l : liquidations) {
            long w = windowOf(l.time());
            if (current == null || w != window) {
                current = new ArrayList<>();
                out.add(current);
                window = w;
            }
            if (latestOnly) {
                current.clear();
            }
            current.add(l);
        }
        return out;
    }

    /** Every liquidation the exchange sends for {@code liquidations}, flattened. */
    public List<SimLiquidation> sent(List<SimLiquidation> liquidations) {
        List<SimLiquidation> out = new ArrayList<>();
        pushes(liquidations).forEach(out::addAll);
        return out;
    }
}
