package io.cryptoflow.api.metrics;

import com.codahale.metrics.Histogram;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.SlidingWindowReservoir;
import com.codahale.metrics.Timer;

/**
 * The API's metric registry: every timer and histogram keeps its last {@link #WINDOW} measurements
 * in a fixed array ({@link SlidingWindowReservoir}) instead of the default exponentially decaying
 * sample, whatever reservoir its creator asked for (Jetty's request timers, Jersey's {@code @Timed}).
 *
 * <p>Why: the decaying sample allocates four objects per measurement (a weighted sample, its boxed
 * priority, a skip-list node and index) and keeps each about a thousand measurements. At thousands of
 * requests a second, with four timers per request, they outlive several young collections, are
 * promoted, and die in the old generation, which the 96 MiB heap then reclaims with mixed
 * collections (docs/benchmarks.md, "What the old generation fills with"). A sliding window writes a
 * long into an array it already has: no allocation, and its quantiles still describe the recent
 * requests.
 */
public final class SlidingWindowMetricRegistry extends MetricRegistry {

    /** Measurements per timer or histogram: as many as the decaying sample's default size. */
    public static final int WINDOW = 1028;

    @Override
    public Timer timer(String name) {
        return super.timer(name, SlidingWindowMetricRegistry::windowedTimer);
    }

    @Override
    public Timer timer(String name, MetricSupplier<Timer> supplier) {
        return super.timer(name, SlidingWindowMetricRegistry::windowedTimer);
    }

    @Override
    public Histogram histogram(String name) {
        return super.histogram(name, SlidingWindowMetricRegistry::windowedHistogram);
    }

    @Override
    public Histogram histogram(String name, MetricSupplier<Histogram> supplier) {
        return super.histogram(name, SlidingWindowMetricRegistry::windowedHistogram);
    }

    private static Timer windowedTimer() {
        return new Timer(new SlidingWindowReservoir(WINDOW));
    }

    private static Histogram windowedHistogram() {
        return new Histogram(new SlidingWindowReservoir(WINDOW));
    }
}
