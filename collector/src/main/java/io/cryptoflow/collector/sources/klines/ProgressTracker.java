package io.cryptoflow.collector.sources.klines;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.Timeframe;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/** Backfill progress per market symbol and timeframe, for the log, gauges and {@code /progress}. */
public final class ProgressTracker {

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final MetricRegistry metrics;
    private final LongSupplier clock;

    public ProgressTracker(MetricRegistry metrics) {
        this(metrics, System::currentTimeMillis);
    }

    public ProgressTracker(MetricRegistry metrics, LongSupplier clock) {
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Starts (or restarts) tracking: {@code done} of {@code total} candles are already stored. */
    public void start(MarketSymbol market, Timeframe tf, long done, long total) {
        String key = key(market, tf);
        Entry e = entries.computeIfAbsent(key, k -> {
            Entry created = new Entry(market, tf);
            String base = "cryptoflow.collector.backfill." + market.exchange().toLowerCase(Locale.ROOT)
                    + "." + market.symbol().toLowerCase(Locale.ROOT) + "." + tf.label();
            metrics.gauge(base + ".done", () -> (Gauge<Long>) () -> created.done);
            metrics.gauge(base + ".total", () -> (Gauge<Long>) () -> created.total);
            metrics.gauge(base + ".percent", () -> (Gauge<Double>) created::percent);
            return created;
        });
        synchronized (e) {
            e.done = Math.min(done, total);
            e.total = total;
            e.startedAt = clock.getAsLong();
            e.doneAtStart = e.done;
            e.state = total > done ? State.RUNNING : State.DONE;
        }
    }

    public void advance(MarketSymbol market, Timeframe tf, long added) {
        Entry e = entries.get(key(market, tf));
        if (e != null) {
            synchronized (e) {
                e.done = Math.min(e.total, e.done + added);
            }
        }
    }

    public void finish(MarketSymbol market, Timeframe tf) {
        Entry e = entries.get(key(market, tf));
        if (e != null) {
            synchronized (e) {
                e.done = e.total;
                e.state = State.DONE;
            }
        }
    }

    public void fail(MarketSymbol market, Timeframe tf, String reason) {
        Entry e = entries.get(key(market, tf));
        if (e != null) {
            synchronized (e) {
                e.state = State.RETRYING;
                e.lastError = reason;
            }
        }
    }

    public List<Progress> snapshot() {
        long now = clock.getAsLong();
        List<Progress> out = new ArrayList<>();
        for (Entry e : entries.values()) {
            synchronized (e) {
                out.add(e.toProgress(now));
            }
        }
        out.sort(Comparator.comparing(Progress::exchange).thenComparing(Progress::symbol)
                .thenComparing(p -> Timeframe.parse(p.timeframe()).orElseThrow().minutes()));
        return out;
    }

    private static String key(MarketSymbol market, Timeframe tf) {
        return market.stored() + "/" + tf.label();
    }

    public enum State { RUNNING, RETRYING, DONE }

    /** One row of progress; {@code etaSeconds} is null until a rate is known. */
    public record Progress(String exchange, String symbol, String timeframe, long done, long total,
                           double percent, Long etaSeconds, State state, String lastError) {
    }

    private static final class Entry {
        final MarketSymbol market;
        final Timeframe tf;
        long done;
        long total;
        long doneAtStart;
        long startedAt;
        State state = State.RUNNING;
        String lastError;

        Entry(MarketSymbol market, Timeframe tf) {
            this.market = market;
            this.tf = tf;
        }

        synchronized double percent() {
            return total == 0 ? 100.0 : Math.round(done * 10000.0 / total) / 100.0;
        }

        Progress toProgress(long now) {
            Long eta = null;
            long gained = done - doneAtStart;
            long elapsed = now - startedAt;
            if (state == State.DONE) {
                eta = 0L;
            } else if (gained > 0 && elapsed > 0) {
                eta = (long) Math.ceil((total - done) * (elapsed / 1000.0) / gained);
            }
            return new Progress(market.exchange(), market.symbol(), tf.label(), done, total, percent(), eta,
                    state, lastError);
        }
    }
}
