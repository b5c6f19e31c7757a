package io.cryptoflow.collector.sources.trades;

import io.cryptoflow.collector.aggregation.TradeRecorder;
import io.cryptoflow.common.MarketSymbol;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a sequencer's trade gaps as what is neither stored nor fetched, when an archive import
 * that does not hand over (Bybit) stores the days before while the live stream already runs.
 *
 * <p>The gap before the first trade accepted without a known position (neither seeded by a restart
 * nor handed over) runs from the newest trade stored before it. Asked while the import is part-way
 * through a day, that is a trade in the middle of the day, and the gap would cover the rest of the
 * day the import is about to store. So while the import runs the gap is held, and recorded when it
 * is done: from the newest trade stored before the first trade, not before the end of the newest day
 * the import stored whole (the time between that day's last trade and its end held no trade).
 * Likewise a gap REST could not recover (a seeded restart whose stored trades end days ago, a cut)
 * is held while the import runs and recorded without the days it stored whole.
 */
final class ImportAwareGaps {

    private static final Logger LOG = LoggerFactory.getLogger(ImportAwareGaps.class);

    private final MarketSymbol market;
    private boolean held;
    /** The first trade's time while {@link #held}; {@code Long.MIN_VALUE} before it arrives. */
    private long heldFirstTime = Long.MIN_VALUE;
    /** Unrecovered ranges reported while {@link #held}, {from, to}. */
    private final List<long[]> heldGaps = new ArrayList<>();
    /** Days the import stored whole: start → end. */
    private final TreeMap<Long, Long> wholeDays = new TreeMap<>();

    ImportAwareGaps(MarketSymbol market) {
        this.market = market;
    }

    /** An import of the days before runs: gaps wait for {@link #importDone}. */
    synchronized void holdForImport() {
        held = true;
    }

    /** The import stored the day {@code [dayStart, dayEnd)} whole. */
    synchronized void storedWhole(long dayStart, long dayEnd) {
        wholeDays.put(dayStart, dayEnd);
    }

    /** The first trade accepted without a known position: its gap is recorded now, or once the import is done. */
    synchronized void first(long time, TradeRecorder recorder) {
        if (held) {
            heldFirstTime = time;
        } else {
            recorder.firstAfterStart(market, time, wholeDays.isEmpty() ? Long.MIN_VALUE : wholeDays.lastEntry().getValue());
        }
    }

    /** Trades from {@code from} to {@code to} could not be fetched: recorded without the days stored whole. */
    synchronized void unrecovered(long from, long to, TradeRecorder recorder) {
        if (held) {
            heldGaps.add(new long[] {from, to});
            return;
        }
        long start = from;
        for (var day : wholeDays.entrySet()) {
            if (day.getValue() <= start || day.getKey() >= to) {
                continue;
            }
            if (day.getKey() > start) {
                recorder.gap(market, start, day.getKey());
            }
            start = day.getValue();
        }
        if (start < to) {
            recorder.gap(market, start, to);
        }
    }

    /**
     * The import is done, or stopped (then what it stored is all there is): the gaps held meanwhile
     * are recorded. A writer already stopped (the collector stopping) is only logged.
     */
    synchronized void importDone(TradeRecorder recorder) {
        if (!held) {
            return;
        }
        held = false;
        try {
            if (heldFirstTime != Long.MIN_VALUE) {
                first(heldFirstTime, recorder);
            }
            heldGaps.forEach(g -> unrecovered(g[0], g[1], recorder));
        } catch (RuntimeException e) {
            LOG.warn("{}: the trade gaps found during the archive import could not be recorded: {}", market, e.toString());
        } finally {
            heldFirstTime = Long.MIN_VALUE;
            heldGaps.clear();
        }
    }
}
