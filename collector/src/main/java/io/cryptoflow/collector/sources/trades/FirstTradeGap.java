package io.cryptoflow.collector.sources.trades;

import io.cryptoflow.collector.aggregation.TradeRecorder;
import io.cryptoflow.common.MarketSymbol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gap before the first trade a sequencer accepts without knowing where the stored trades end
 * (neither seeded by a restart nor handed over by an archive import): from the newest trade stored
 * before it up to it, nothing was fetched.
 *
 * <p>An archive import that does not hand over (Bybit) stores the days before while the live stream
 * already runs. Asked while it is part-way through a day, "the newest stored trade" is one in the
 * middle of that day, and the gap would cover the rest of the day the import is about to store. So
 * while such an import runs the first trade's gap is held, and recorded when it is done: from the
 * newest trade stored before the first trade, but not before the end of the newest day the import
 * stored whole (the time between that day's last trade and its end held no trade).
 */
final class FirstTradeGap {

    private static final Logger LOG = LoggerFactory.getLogger(FirstTradeGap.class);

    private final MarketSymbol market;
    private boolean held;
    /** The first trade's time while {@link #held}; {@code Long.MIN_VALUE} before it arrives. */
    private long heldFirstTime = Long.MIN_VALUE;
    /** The end of the newest day an import stored whole; {@code Long.MIN_VALUE}: none. */
    private long storedWholeUntil = Long.MIN_VALUE;

    FirstTradeGap(MarketSymbol market) {
        this.market = market;
    }

    /** An import of the days before runs: the first trade's gap waits for {@link #importDone}. */
    synchronized void holdForImport() {
        held = true;
    }

    /** The import stored the day ending at {@code dayEnd} whole. */
    synchronized void storedWhole(long dayEnd) {
        storedWholeUntil = Math.max(storedWholeUntil, dayEnd);
    }

    /** The first trade accepted without a known position: its gap is recorded now, or once the import is done. */
    synchronized void first(long time, TradeRecorder recorder) {
        if (held) {
            heldFirstTime = time;
        } else {
            recorder.firstAfterStart(market, time, storedWholeUntil);
        }
    }

    /**
     * The import is done, or stopped (then what it stored is all there is): a first trade that arrived
     * meanwhile records its gap. A writer already stopped (the collector stopping) is only logged.
     */
    synchronized void importDone(TradeRecorder recorder) {
        held = false;
        if (heldFirstTime == Long.MIN_VALUE) {
            return;
        }
        long first = heldFirstTime;
        heldFirstTime = Long.MIN_VALUE;
        try {
            recorder.firstAfterStart(market, first, storedWholeUntil);
        } catch (RuntimeException e) {
            LOG.warn("{}: the gap before the first live trade could not be recorded: {}", market, e.toString());
        }
    }
}
