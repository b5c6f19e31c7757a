package io.cryptoflow.collector.aggregation;

import io.cryptoflow.collector.exchange.Prices;
import io.cryptoflow.collector.exchange.Trade;
import io.cryptoflow.collector.store.TradeBatch;
import io.cryptoflow.collector.store.TradeRow;
import io.cryptoflow.collector.store.TradeSink;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.ThreadPools;
import io.dropwizard.lifecycle.Managed;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every trade the collector accepts (live stream and REST catch-up through the sequencer,
 * archive days through the footprint import): buffered per market and handed to the writer as one
 * {@link TradeBatch} (one revision) every {@code flushMillis} or as soon as {@code batchSize} trades
 * wait, so a whole archive day streams through in bounded memory (the writer's queue blocks the
 * importer when full). The writer skips duplicates by (symbol, trade id) and days already expired.
 * At most {@link #QUEUED_BATCHES} batches' worth of trades wait for the writer: past that, the thread
 * handing a batch over (a WebSocket's, so its reads stop and a burst waits in the TCP buffers; the
 * archive importer's) blocks until earlier trades are written, whatever the size of the batches.
 * Also runs the retention: every {@code expiryMillis} each exchange's partitions of days past its
 * window are dropped whole.
 */
public final class TradeRecorder implements Managed {

    /** Nothing recorded (order flow off, or a test without a writer). */
    public static final TradeRecorder NONE = new TradeRecorder(null, new TradeRetention(Map.of()), System::currentTimeMillis,
            ThreadPools.standalone(), 1, 1000, 3_600_000);

    private static final Logger LOG = LoggerFactory.getLogger(TradeRecorder.class);
    /** Full batches' worth of trades that may wait for the writer (40,000 trades at the default 5,000). */
    static final int QUEUED_BATCHES = 8;

    private final TradeSink sink;
    private final TradeRetention retention;
    private final LongSupplier clock;
    private final ThreadPools pools;
    private final int batchSize;
    private final long flushMillis;
    private final long expiryMillis;
    private final Map<MarketSymbol, List<TradeRow>> pending = new ConcurrentHashMap<>();
    /** One permit per trade handed to the writer and not yet written (or failed). */
    private final Semaphore unwritten;
    /** Built with the recorder, so a lifecycle pool is managed before the recorder and shut down after it. */
    private final ScheduledExecutorService timer;
    private volatile boolean stopped;

    public TradeRecorder(TradeSink sink, TradeRetention retention, LongSupplier clock, ThreadPools pools,
                         int batchSize, long flushMillis, long expiryMillis) {
        this.sink = sink;
        this.retention = retention;
        this.clock = clock;
        this.pools = pools;
        this.batchSize = batchSize;
        this.flushMillis = flushMillis;
        this.expiryMillis = expiryMillis;
        this.unwritten = new Semaphore(batchSize * QUEUED_BATCHES, true); // fair: a full batch is not overtaken by small ones
        this.timer = sink == null ? null : pools.scheduled("trade-recorder", 1);
    }

    /** Queues one accepted trade of {@code market}; a trade of a day outside the window is not kept. */
    public void record(MarketSymbol market, Trade t) {
        if (sink == null || t.time() < retention.keepFrom(market.exchange(), clock.getAsLong())) {
            return;
        }
        List<TradeRow> rows = pending.computeIfAbsent(market, m -> new ArrayList<>());
        synchronized (rows) {
            rows.add(new TradeRow(market.symbol(), t.id(), t.time(), Prices.toDouble(t.price()), t.qty(), !t.takerBuy()));
            if (rows.size() >= batchSize) {
                submit(market, rows);
            }
        }
    }

    /**
     * Hands {@code rows} over as one batch (at most {@code batchSize} trades), called holding their
     * lock: a market's batches reach the writer in the order accepted, so after a kill the stored trades
     * are a prefix of them and a restart continues after the newest one without leaving a hole behind
     * it. Blocks while the trades waiting for the writer leave no room: on a live stream that stops its
     * reading, and a burst waits in the socket's buffers instead of the heap.
     */
    private CompletableFuture<Void> submit(MarketSymbol market, List<TradeRow> rows) {
        List<TradeRow> batch = new ArrayList<>(rows);
        rows.clear();
        int n = batch.size();
        unwritten.acquireUninterruptibly(n);
        CompletableFuture<Void> written;
        try {
            written = sink.submitTrades(new TradeBatch(market, batch));
        } catch (RuntimeException e) {
            unwritten.release(n);
            throw e;
        }
        written.whenComplete((v, e) -> unwritten.release(n));
        return written;
    }

    /** The trades of {@code market} between these times are missing and could not be fetched (yet). */
    public void gap(MarketSymbol market, long fromTime, long toTime) {
        if (sink != null && retention.keeps(market.exchange())) {
            flush(); // the trades before the gap first, so a reader never sees the gap before them
            sink.submitTradeGap(market, fromTime, toTime, false);
        }
    }

    /**
     * The first trade this process accepted for {@code market} without knowing where the stored
     * trades end (no archive hand-over, and no restart seed: the newest stored trade older than the
     * catch-up's bound): whatever lies between the newest trade stored before it and {@code firstTime}
     * was not fetched, so a gap — starting no earlier than {@code storedWholeUntil}, before which an
     * archive import stored every trade ({@code Long.MIN_VALUE}: none vouches for that).
     */
    public void firstAfterStart(MarketSymbol market, long firstTime, long storedWholeUntil) {
        if (sink != null && retention.keeps(market.exchange())) {
            flush();
            sink.submitGapSinceStored(market, firstTime, storedWholeUntil);
        }
    }

    /** The oldest time of {@code market}'s trades kept now; {@code Long.MAX_VALUE} when none are kept. */
    public long keepFrom(MarketSymbol market) {
        return sink == null ? Long.MAX_VALUE : retention.keepFrom(market.exchange(), clock.getAsLong());
    }

    /** An archive import re-stored {@code market}'s trades in {@code [fromTime, toTime]}: its gaps there are filled. */
    public void gapFilled(MarketSymbol market, long fromTime, long toTime) {
        if (sink != null && retention.keeps(market.exchange())) {
            flush();
            sink.submitTradeGap(market, fromTime, toTime, true);
        }
    }

    /** Hands every waiting trade to the writer; the futures complete when written. */
    public List<CompletableFuture<Void>> flush() {
        List<CompletableFuture<Void>> written = new ArrayList<>();
        if (sink == null) {
            return written;
        }
        for (Map.Entry<MarketSymbol, List<TradeRow>> e : pending.entrySet()) {
            List<TradeRow> rows = e.getValue();
            synchronized (rows) {
                if (!rows.isEmpty()) {
                    written.add(submit(e.getKey(), rows));
                }
            }
        }
        return written;
    }

    /** Drops every exchange's expired days now (also run every {@code expiryMillis}); completes with the tables dropped. */
    public CompletableFuture<List<String>> expire() {
        List<CompletableFuture<List<String>>> runs = new ArrayList<>();
        long now = clock.getAsLong();
        for (String exchange : retention.days().keySet()) {
            runs.add(sink.submitTradeExpiry(exchange, retention.keepFrom(exchange, now)));
        }
        return CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).thenApply(v -> {
            List<String> all = new ArrayList<>();
            runs.forEach(r -> all.addAll(r.join()));
            return all;
        });
    }

    @Override
    public void start() {
        if (sink == null) {
            return;
        }
        timer.scheduleWithFixedDelay(this::flushQuietly, flushMillis, flushMillis, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::expireQuietly, 0, expiryMillis, TimeUnit.MILLISECONDS);
    }

    /** Flushes what is left; registered after the writer and before the trade sources, so it stops between them. */
    @Override
    public void stop() throws Exception {
        stopped = true;
        if (timer != null) {
            ThreadPools.shutdownIfOwned(pools, timer, TimeUnit.SECONDS.toMillis(10));
        }
        List<CompletableFuture<Void>> last = flush();
        CompletableFuture.allOf(last.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    }

    private void flushQuietly() {
        if (stopped) {
            return;
        }
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warn("raw trade flush failed, retried at the next one: {}", e.toString());
        }
    }

    private void expireQuietly() {
        if (stopped) {
            return;
        }
        try {
            expire().get(10, TimeUnit.MINUTES);
        } catch (Exception e) {
            LOG.warn("trade retention run failed, retried at the next one: {}", e.toString());
        }
    }
}
