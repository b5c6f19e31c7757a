package io.cryptoflow.collector.sources.trades;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills trade gaps REST could not recover from the exchange's daily archive once it is published.
 * Bybit's recent-trade endpoint has no cursor (only the newest 1000 linear / 60 spot trades), so a
 * longer gap is reported here by the sequencer; every UTC day it touches is re-imported whole from
 * the archive (clusters, buy/sell/delta, trade count of each candle of that day), which also replaces
 * the partial candles around the gap. A day is tried again on each run until its file appears.
 */
public final class ArchiveGapRepair implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveGapRepair.class);

    private final FootprintBackfill importer;
    private final Clock clock;
    private final Set<Pending> pending = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean running = new AtomicBoolean();

    record Pending(TradeSequencer sequencer, LocalDate day) {
    }

    public ArchiveGapRepair(FootprintBackfill importer, Clock clock) {
        this.importer = importer;
        this.clock = clock;
    }

    /** The trades of {@code sequencer}'s market from {@code fromTime} to {@code toTime} were not recovered. */
    public void add(TradeSequencer sequencer, long fromTime, long toTime) {
        LocalDate first = day(fromTime);
        LocalDate last = day(toTime);
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            if (pending.add(new Pending(sequencer, d))) {
                LOG.info("{}: {} will be re-imported from the trade archive once it is published", sequencer.market(), d);
            }
        }
    }

    /** Days still waiting for their archive file. */
    public int pendingDays() {
        return pending.size();
    }

    /** Imports every pending day that has ended and whose file is published; one run at a time. */
    @Override
    public void run() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        try {
            LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
            for (Pending p : List.copyOf(pending)) {
                if (!p.day().isBefore(today)) {
                    continue; // the archive publishes a day after it ends
                }
                if (importer.importDay(p.sequencer(), p.day(), null).isPresent()) {
                    pending.remove(p);
                    long dayStart = p.day().atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
                    p.sequencer().recorder().gapFilled(p.sequencer().market(), dayStart, dayStart + 86_400_000L - 1);
                    LOG.info("{}: the trade gap on {} was filled from the archive", p.sequencer().market(), p.day());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("archive gap repair failed; retrying on the next run", e);
        } finally {
            running.set(false);
        }
    }

    private static LocalDate day(long epochMs) {
        return LocalDate.ofInstant(Instant.ofEpochMilli(epochMs), ZoneOffset.UTC);
    }
}
