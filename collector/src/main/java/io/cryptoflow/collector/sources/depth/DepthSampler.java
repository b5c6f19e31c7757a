package io.cryptoflow.collector.sources.depth;

import io.cryptoflow.collector.store.DepthBatch;
import io.cryptoflow.collector.store.DepthRow;
import io.cryptoflow.collector.store.DepthSink;
import io.cryptoflow.common.PartitionKind;
import io.cryptoflow.common.TradePartition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples every depth market at each tick (time aligned on the interval) and hands each exchange's
 * confirmed rows and coverage to the writer as one batch (one revision); runs the per-tier retention.
 */
final class DepthSampler {

    private static final Logger LOG = LoggerFactory.getLogger(DepthSampler.class);
    private static final long DAY_MS = 86_400_000L;

    private final Map<String, List<DepthMarket>> byExchange;
    private final DepthSink sink;
    private final LongSupplier clock;
    private final long intervalMillis;
    private final Map<PartitionKind, Integer> retentionDays;
    /** The time of the last timer tick (only the timer thread runs {@link #tickQuietly}). */
    private long lastTick = Long.MIN_VALUE;

    /** @param retentionDays days kept per depth tier */
    DepthSampler(Map<String, List<DepthMarket>> byExchange, DepthSink sink, LongSupplier clock, long intervalMillis,
                 Map<PartitionKind, Integer> retentionDays) {
        this.byExchange = Map.copyOf(byExchange);
        this.sink = sink;
        this.clock = clock;
        this.intervalMillis = intervalMillis;
        this.retentionDays = Map.copyOf(retentionDays);
    }

    /** Samples every market at {@code time}; one writer batch per exchange with anything to write. */
    List<CompletableFuture<Void>> tick(long time) {
        List<CompletableFuture<Void>> written = new ArrayList<>();
        byExchange.forEach((exchange, markets) -> {
            List<DepthRow> rows = new ArrayList<>();
            List<DepthBatch.Coverage> coverage = new ArrayList<>();
            for (DepthMarket m : markets) {
                m.sample(time, rows, coverage);
            }
            if (!rows.isEmpty() || !coverage.isEmpty()) {
                written.add(sink.submitDepth(new DepthBatch(exchange, rows, coverage)));
            }
        });
        return written;
    }

    /**
     * The timer's tick: stamped with the interval it falls in, once per interval. A run delayed past
     * the next interval (a stalled JVM; the fixed-rate timer then runs the missed ticks back to back)
     * would stamp the same time again: skipped, so no two rows of a market share a time.
     */
    void tickQuietly() {
        try {
            long time = Math.floorDiv(clock.getAsLong(), intervalMillis) * intervalMillis;
            if (time <= lastTick) {
                return;
            }
            lastTick = time;
            tick(time);
        } catch (RuntimeException e) {
            LOG.warn("depth sample failed, taken again at the next tick: {}", e.toString());
        }
    }

    /** Drops every exchange's depth days past each tier's retention; completes with the tables dropped. */
    CompletableFuture<List<String>> expire(long now) {
        List<CompletableFuture<List<String>>> runs = new ArrayList<>();
        for (String exchange : byExchange.keySet()) {
            retentionDays.forEach((kind, days) -> runs.add(sink.submitPartitionExpiry(exchange, kind,
                    new TradePartition(kind, exchange, TradePartition.dayOf(now - days * DAY_MS)).dayStart())));
        }
        return CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).thenApply(v -> {
            List<String> all = new ArrayList<>();
            runs.forEach(r -> all.addAll(r.join()));
            return all;
        });
    }

    void expireQuietly() {
        try {
            expire(clock.getAsLong()).get(10, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("depth retention run failed, retried at the next one: {}", e.toString());
        }
    }

    /**
     * Nothing to hand over at shutdown: pending samples are unproven and the minute being averaged is
     * left out rather than written twice (after a restart the same minute would be averaged again).
     */
    void stop() {
    }
}
