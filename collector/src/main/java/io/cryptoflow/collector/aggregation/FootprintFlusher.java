package io.cryptoflow.collector.aggregation;

import com.codahale.metrics.Timer;
import io.cryptoflow.collector.store.CandleBatch;
import io.cryptoflow.collector.store.CandleSink;
import io.cryptoflow.collector.store.DailySession;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every flush interval: closes candles whose period ended (quiet markets), then hands what changed
 * to the writer, one batch per market and timeframe. A batch the writer failed is retried at the
 * next flushes (a few times) so a transient failure does not lose a closed candle.
 */
public final class FootprintFlusher implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(FootprintFlusher.class);
    /** Trades of a period still arrive a moment after it ends (network, exchange batching). */
    static final long CLOSE_GRACE_MS = 2_000;
    private static final int MAX_ATTEMPTS = 5;

    private final List<AggregatorFeed> feeds;
    private final CandleSink sink;
    private final Clock clock;
    private final OrderFlowMetrics metrics;
    private final ConcurrentLinkedQueue<Retry> retries = new ConcurrentLinkedQueue<>();

    private record Retry(CandleBatch batch, List<DailySession> sessions, int attempts) {
    }

    public FootprintFlusher(Collection<? extends AggregatorFeed> feeds, CandleSink sink, Clock clock, OrderFlowMetrics metrics) {
        this.feeds = List.copyOf(feeds);
        this.sink = sink;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public void run() {
        Timer.Context timer = metrics.flush.time();
        try {
            flush(false);
        } catch (RuntimeException e) {
            LOG.error("footprint flush failed", e);
        } finally {
            timer.stop();
        }
    }

    /** @param closeAll at shutdown nothing more will arrive for forming candles of ended periods */
    public List<CompletableFuture<Void>> flush(boolean closeAll) {
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        List<Retry> again = new ArrayList<>();
        Retry r;
        while ((r = retries.poll()) != null) {
            again.add(r);
        }
        for (Retry retry : again) {
            futures.add(submit(retry.batch(), retry.sessions(), retry.attempts()));
        }
        long now = clock.millis();
        for (AggregatorFeed s : feeds) {
            TradeAggregator agg = s.aggregator();
            if (!s.isCatchingUp()) {
                // while catching up, trade time is in the past: only trades close candles
                agg.closeEndedBy(closeAll ? now : now - CLOSE_GRACE_MS);
            }
            TradeAggregator.Flush f = agg.drain();
            for (CandleBatch b : f.batches()) {
                futures.add(submit(b, null, 0));
            }
            if (!f.sessions().isEmpty()) {
                futures.add(submit(null, f.sessions(), 0));
            }
        }
        return futures;
    }

    private CompletableFuture<Void> submit(CandleBatch batch, List<DailySession> sessions, int attempts) {
        CompletableFuture<Void> f;
        try {
            f = batch != null ? sink.submit(batch) : sink.submitSessions(sessions);
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        return f.whenComplete((ok, error) -> {
            if (error != null) {
                metrics.flushFailures.inc();
                String what = batch != null ? batch.market() + " " + batch.timeframe().label() : "sessions";
                if (attempts + 1 < MAX_ATTEMPTS) {
                    LOG.warn("writer failed footprint batch {} (attempt {}), retrying at the next flush: {}",
                            what, attempts + 1, error.toString());
                    retries.add(new Retry(batch, sessions, attempts + 1));
                } else {
                    LOG.error("writer failed footprint batch {} {} times, giving it up", what, MAX_ATTEMPTS, error);
                }
            }
        });
    }
}
