package io.cryptoflow.collector.sources.trades;

import io.cryptoflow.collector.aggregation.OrderFlowMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Days whose footprint the archive import could not make whole yet, tried again on a schedule until
 * their file appears (whole) or they leave the footprint window. A day gets here when its file was
 * not published (404: Binance publishes the next day, sometimes days late or never), when trades of
 * it were in neither the file nor REST, or when the live stream did not see all of it (Bybit's
 * recent-trade has no cursor: a longer gap, or today's trades before the stream began). Each miss
 * doubles the day's wait, from {@code retryEvery} up to {@code retryAtMost}. A re-import replaces
 * the day's candles whole (clusters, buy/sell/delta, trade count), which also replaces the candles
 * served as unknown. What stays missing is reported by time range ({@link #missing()}).
 */
public final class ArchiveGapRepair implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveGapRepair.class);
    private static final long DAY = 86_400_000L;

    private final FootprintBackfill importer;
    private final Clock clock;
    private final long retryEveryMs;
    private final long retryAtMostMs;
    private final OrderFlowMetrics metrics;
    private final Map<Pending, Attempts> pending = new ConcurrentHashMap<>();
    /** Ranges (exclusive bounds) whose trades are not stored, per day, for the report. */
    private final Map<Pending, List<long[]>> unseen = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean();

    record Pending(TradeSequencer sequencer, LocalDate day) {
    }

    private record Attempts(int misses, long nextMs) {
    }

    /** {@code [from, to)} (epoch ms) of a market whose trades are not in its stored footprint, and why. */
    public record MissingRange(String market, long from, long to, String reason) {
    }

    public ArchiveGapRepair(FootprintBackfill importer, Clock clock, Duration retryEvery, Duration retryAtMost,
                            OrderFlowMetrics metrics) {
        this.importer = importer;
        this.clock = clock;
        this.retryEveryMs = retryEvery.toMillis();
        this.retryAtMostMs = Math.max(retryEvery.toMillis(), retryAtMost.toMillis());
        this.metrics = metrics;
    }

    /** The trades of {@code sequencer}'s market from {@code fromTime} to {@code toTime} were not recovered. */
    public void add(TradeSequencer sequencer, long fromTime, long toTime) {
        LocalDate first = day(fromTime);
        LocalDate last = day(toTime);
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            if (pending.putIfAbsent(new Pending(sequencer, d), new Attempts(0, 0)) == null) {
                LOG.info("{}: {} will be re-imported from the trade archive once it is published", sequencer.market(), d);
            }
        }
    }

    /** The import found no file for {@code day}, or trades of it in neither the file nor REST ({@code gaps}). */
    void addDay(TradeSequencer sequencer, LocalDate day, List<long[]> gaps) {
        Pending p = new Pending(sequencer, day);
        pending.putIfAbsent(p, new Attempts(1, clock.millis() + retryEveryMs));
        noteUnseen(p, gaps);
    }

    /** Days still waiting for their archive file. */
    public int pendingDays() {
        return pending.size();
    }

    /**
     * What the stored footprint lacks, oldest first: days waiting for their file (whole days, reason
     * {@code archive-not-published}), trades neither the file nor REST held ({@code not-served}), and
     * days that left the window without a file ({@code archive-missing}).
     */
    public List<MissingRange> missing() {
        List<MissingRange> out = new ArrayList<>();
        unseen.forEach((p, ranges) -> ranges.forEach(r -> out.add(new MissingRange(p.sequencer().market().toString(),
                r[0] + 1, r[1], pending.containsKey(p) ? "not-served" : "archive-missing"))));
        pending.keySet().stream().filter(p -> !unseen.containsKey(p)).forEach(p -> {
            long start = p.day().atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            out.add(new MissingRange(p.sequencer().market().toString(), start, start + DAY, "archive-not-published"));
        });
        out.sort(java.util.Comparator.comparingLong(MissingRange::from));
        return out;
    }

    /** Imports every pending day that has ended, is due and whose file is published; one run at a time. */
    @Override
    public void run() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        try {
            long now = clock.millis();
            LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
            LocalDate oldest = today.minusDays(importer.windowDays());
            for (Map.Entry<Pending, Attempts> e : List.copyOf(pending.entrySet())) {
                Pending p = e.getKey();
                if (p.day().isBefore(oldest)) {
                    giveUp(p);
                    continue;
                }
                if (!p.day().isBefore(today) || now < e.getValue().nextMs()) {
                    continue; // the archive publishes a day after it ends
                }
                metrics.archiveRetries.inc();
                var r = importer.importDay(p.sequencer(), p.day(), null);
                if (r.isPresent() && r.get().whole()) {
                    pending.remove(p);
                    unseen.remove(p);
                    long dayStart = p.day().atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
                    p.sequencer().recorder().gapFilled(p.sequencer().market(), dayStart, dayStart + 86_400_000L - 1);
                    LOG.info("{}: the footprint and trades of {} were completed from the archive", p.sequencer().market(), p.day());
                    continue;
                }
                r.ifPresent(day -> noteUnseen(p, day.unseen()));
                int misses = e.getValue().misses() + 1;
                long wait = Math.min(retryAtMostMs, retryEveryMs << Math.min(misses - 1, 20));
                pending.put(p, new Attempts(misses, now + wait));
                LOG.info("{}: archive of {} {}; trying again in {} s", p.sequencer().market(), p.day(),
                        r.isPresent() ? "still lacks trades" : "not published yet", wait / 1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("archive gap repair failed; retrying on the next run", e);
        } finally {
            running.set(false);
        }
    }

    private void giveUp(Pending p) {
        pending.remove(p);
        metrics.archiveDaysMissing.inc();
        long start = p.day().atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        unseen.computeIfAbsent(p, k -> List.of(new long[] {start - 1, start + DAY}));
        LOG.error("{}: {} left the footprint window without a whole archive; its missing trades stay unknown: {}",
                p.sequencer().market(), p.day(), describe(unseen.get(p)));
    }

    private void noteUnseen(Pending p, List<long[]> gaps) {
        if (gaps.isEmpty()) {
            unseen.remove(p);
        } else {
            unseen.put(p, List.copyOf(gaps));
        }
    }

    private static String describe(List<long[]> ranges) {
        StringBuilder sb = new StringBuilder();
        for (long[] r : ranges) {
            sb.append(sb.length() == 0 ? "" : ", ").append(Instant.ofEpochMilli(r[0] + 1)).append("..")
                    .append(Instant.ofEpochMilli(r[1] - 1));
        }
        return sb.toString();
    }

    private static LocalDate day(long epochMs) {
        return LocalDate.ofInstant(Instant.ofEpochMilli(epochMs), ZoneOffset.UTC);
    }
}
