package io.cryptoflow.collector.sources.depth;

import io.cryptoflow.collector.exchange.book.BookSync;
import io.cryptoflow.collector.store.DepthBatch;
import io.cryptoflow.collector.store.DepthRow;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.PartitionKind;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * One depth market: its synced book and what is sampled from it. A sample taken at a tick is only
 * <em>pending</em> until a later message applied in the same epoch proves the book was right then
 * (a lost diff is only detected when the next one arrives); a resync in between discards it, so a
 * snapshot of a wrong book is never stored. Confirmed samples extend the known-right range
 * ({@code depth_coverage}); a discarded or unknown tick closes it (that time is missing).
 */
final class DepthMarket {

    /** Samples waiting longer than this many ticks for a confirming message are given up (missing). */
    static final int MAX_PENDING = 30;

    private record Pending(long time, long epoch, long applied, Heatmap heatmap) {
    }

    private final MarketSymbol market;
    private final BookSync sync;
    private final StepRule steps;
    private final double band;
    private final Deque<Pending> pending = new ArrayDeque<>();
    private final MinuteMean minute = new MinuteMean();
    private Long step;
    private Long openFrom;
    private long written;
    private long missing;

    /** The bin width of a market: configured, or about 1e-4 of the first mid seen. */
    interface StepRule {
        long stepFor(String symbol, long midPrice);
    }

    DepthMarket(MarketSymbol market, BookSync sync, StepRule steps, double band) {
        this.market = market;
        this.sync = sync;
        this.steps = steps;
        this.band = band;
    }

    MarketSymbol market() {
        return market;
    }

    BookSync sync() {
        return sync;
    }

    /** Samples the book at {@code time} (a tick), adding confirmed rows and coverage to {@code rows} and {@code coverage}. */
    void sample(long time, List<DepthRow> rows, List<DepthBatch.Coverage> coverage) {
        Heatmap now = null;
        long epoch;
        long applied;
        synchronized (sync) {
            epoch = sync.epoch();
            applied = sync.applied();
            if (sync.known() && !sync.book().oneSided()) {
                if (step == null) {
                    long b = sync.book().bestBid();
                    step = steps.stepFor(market.symbol(), b + (sync.book().bestAsk() - b) / 2);
                }
                now = Heatmap.of(sync.book(), step, band);
            }
        }
        synchronized (this) {
            confirm(epoch, applied, rows, coverage);
            if (now != null) {
                pending.addLast(new Pending(time, epoch, applied, now));
            } else {
                missing++;
                openFrom = null;
            }
        }
    }

    private void confirm(long epoch, long applied, List<DepthRow> rows, List<DepthBatch.Coverage> coverage) {
        Long coveredTo = null;
        while (!pending.isEmpty()) {
            Pending p = pending.peekFirst();
            if (p.epoch() == epoch && p.applied() >= applied && pending.size() < MAX_PENDING) {
                break; // not proven yet: no message since
            }
            pending.pollFirst();
            if (p.epoch() != epoch || p.applied() >= applied) {
                missing++;
                if (coveredTo != null) {
                    coverage.add(new DepthBatch.Coverage(market.symbol(), openFrom, coveredTo));
                    coveredTo = null;
                }
                openFrom = null;
                continue;
            }
            rows.add(p.heatmap().row(PartitionKind.DEPTH, market.symbol(), p.time(), 1));
            written++;
            MinuteMean.Finished m = minute.add(p.time(), p.heatmap());
            if (m != null) {
                rows.add(m.heatmap().row(PartitionKind.DEPTH_MINUTE, market.symbol(), m.minute(), m.samples()));
            }
            if (openFrom == null) {
                openFrom = p.time();
            }
            coveredTo = p.time();
        }
        if (coveredTo != null) {
            coverage.add(new DepthBatch.Coverage(market.symbol(), openFrom, coveredTo));
        }
    }

    /** What /progress, health and metrics show of this market. */
    synchronized DepthStatus status() {
        synchronized (sync) {
            BookSync.Fault fault = sync.lastFault();
            return new DepthStatus(market.stored(), sync.known(), openFrom, written, missing,
                    sync instanceof io.cryptoflow.collector.exchange.book.SequencedBook s ? s.resyncs() : 0,
                    fault == null ? null : fault.name());
        }
    }
}
