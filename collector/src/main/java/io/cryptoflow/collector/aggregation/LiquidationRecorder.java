package io.cryptoflow.collector.aggregation;

import io.cryptoflow.collector.exchange.Liquidation;
import io.cryptoflow.collector.store.LiquidationBatch;
import io.cryptoflow.collector.store.LiquidationRow;
import io.cryptoflow.collector.store.LiquidationSink;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.ThreadPools;
import io.dropwizard.lifecycle.Managed;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every liquidation the streams push, per market, and the time each market's stream was
 * connected: every {@code flushMillis} one {@link LiquidationBatch} per market (events plus the open
 * range extended to the last frame heard on the connection less the exchange's push interval, since
 * a liquidation is pushed up to that long after it happened). Outside the recorded ranges the
 * liquidations are unknown, so a candle there has null sums, never 0.
 *
 * <p>Why the last frame heard and not now: a connection can die without a close (a cut the JDK
 * client never reports, a silent network) and is then found dead only by its silence, up to the
 * silence timeout later. Only a frame that arrived proves that every push sent before it arrived too
 * (one TCP stream, in order); a range reaching past it would claim "no liquidation" for a time the
 * collector did not hear.
 */
public final class LiquidationRecorder implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(LiquidationRecorder.class);

    /** One market's waiting events and its open connected range. */
    private static final class MarketState {
        final List<LiquidationRow> events = new ArrayList<>();
        /** Start of the open range, null while disconnected. */
        Long openFrom;
        long pushIntervalMillis;
        /** Wall-clock time of the last frame heard on the open range's connection. */
        LongSupplier heardAt;
        /** A range closed since the last flush, to be written with its end. */
        LiquidationBatch.Coverage closed;
    }

    private final LiquidationSink sink;
    private final LongSupplier clock;
    private final ThreadPools pools;
    private final long flushMillis;
    private final Map<MarketSymbol, MarketState> markets = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    private volatile boolean stopped;

    public LiquidationRecorder(LiquidationSink sink, LongSupplier clock, ThreadPools pools, long flushMillis) {
        this.sink = sink;
        this.clock = clock;
        this.pools = pools;
        this.flushMillis = flushMillis;
        this.timer = pools.scheduled("liquidation-recorder", 1);
    }

    /**
     * {@code market}'s stream delivers every liquidation from {@code from} on (subscribed, connected);
     * {@code heardAt} gives the wall-clock time of the last frame of any kind that arrived on its connection.
     */
    public void connected(MarketSymbol market, long from, long pushIntervalMillis, LongSupplier heardAt) {
        MarketState s = state(market);
        synchronized (s) {
            s.openFrom = from;
            s.pushIntervalMillis = pushIntervalMillis;
            s.heardAt = heardAt;
        }
    }

    /**
     * The connection carrying {@code market} was lost; {@code at} is the last time it was heard from
     * (its last frame), not when the loss was noticed. Its open range ends a push interval before.
     */
    public void disconnected(MarketSymbol market, long at) {
        MarketState s = state(market);
        synchronized (s) {
            if (s.openFrom != null && at - s.pushIntervalMillis >= s.openFrom) {
                s.closed = new LiquidationBatch.Coverage(s.openFrom, at - s.pushIntervalMillis);
            }
            s.openFrom = null;
        }
    }

    /** Liquidations pushed for {@code exchange} (stored exchange name), any of its symbols. */
    public void record(String exchange, List<Liquidation> liquidations) {
        for (Liquidation l : liquidations) {
            MarketState s = state(new MarketSymbol(exchange, l.symbol()));
            synchronized (s) {
                s.events.add(new LiquidationRow(l.symbol(), l.time(), l.longSide(), l.price(), l.qty()));
            }
        }
    }

    /** Hands every market's waiting events and connected range to the writer. */
    public List<CompletableFuture<Void>> flush() {
        long now = clock.getAsLong();
        List<CompletableFuture<Void>> written = new ArrayList<>();
        for (Map.Entry<MarketSymbol, MarketState> e : markets.entrySet()) {
            MarketState s = e.getValue();
            List<LiquidationRow> events;
            List<LiquidationBatch.Coverage> ranges = new ArrayList<>();
            synchronized (s) {
                events = new ArrayList<>(s.events);
                s.events.clear();
                if (s.closed != null) {
                    ranges.add(s.closed);
                    s.closed = null;
                }
                long heard = heardUntil(s, now);
                if (s.openFrom != null && heard - s.pushIntervalMillis >= s.openFrom) {
                    ranges.add(new LiquidationBatch.Coverage(s.openFrom, heard - s.pushIntervalMillis));
                }
            }
            if (ranges.isEmpty() && !events.isEmpty()) {
                written.add(sink.submitLiquidations(new LiquidationBatch(e.getKey(), events, null)));
            }
            for (int i = 0; i < ranges.size(); i++) {
                written.add(sink.submitLiquidations(new LiquidationBatch(e.getKey(), i == 0 ? events : List.of(), ranges.get(i))));
            }
        }
        return written;
    }

    /** The last time {@code s}'s open connection was heard from, never after {@code now}. Holding {@code s}. */
    private static long heardUntil(MarketState s, long now) {
        return s.heardAt == null ? now : Math.min(now, s.heardAt.getAsLong());
    }

    private MarketState state(MarketSymbol market) {
        return markets.computeIfAbsent(market, m -> new MarketState());
    }

    @Override
    public void start() {
        timer.scheduleWithFixedDelay(() -> {
            if (stopped) {
                return;
            }
            try {
                flush();
            } catch (RuntimeException e) {
                LOG.warn("liquidation flush failed, retried at the next one: {}", e.toString());
            }
        }, flushMillis, flushMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() throws Exception {
        stopped = true;
        ThreadPools.shutdownIfOwned(pools, timer, TimeUnit.SECONDS.toMillis(10));
        long now = clock.getAsLong();
        markets.forEach((m, s) -> {
            long at;
            synchronized (s) {
                at = heardUntil(s, now);
            }
            disconnected(m, at);
        });
        List<CompletableFuture<Void>> last = flush();
        CompletableFuture.allOf(last.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    }
}
