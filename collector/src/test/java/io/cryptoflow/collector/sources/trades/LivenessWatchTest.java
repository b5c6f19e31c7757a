package io.cryptoflow.collector.sources.trades;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Probe once per quiet stretch at half the timeout, report dead once at the whole of it, survive a failing probe. */
class LivenessWatchTest {

    private static final long SILENCE_MS = 1_000;

    private final AtomicLong lastFrame = new AtomicLong();
    private final AtomicInteger probes = new AtomicInteger();
    private final List<String> dead = new ArrayList<>();

    private void quietFor(long ms) {
        lastFrame.set(System.nanoTime() - ms * 1_000_000);
    }

    @Test
    void aQuietConnectionIsProbedOnceAndASilentOneReportedOnce() {
        LivenessWatch watch = new LivenessWatch(SILENCE_MS, lastFrame::get, probes::incrementAndGet, dead::add);

        quietFor(100);
        watch.run();
        assertThat(probes).hasValue(0);
        quietFor(600);
        watch.run();
        watch.run();
        assertThat(probes).as("once per quiet stretch").hasValue(1);
        quietFor(200); // the pong arrived
        watch.run();
        quietFor(700); // quiet again
        watch.run();
        assertThat(probes).hasValue(2);
        assertThat(dead).isEmpty();

        quietFor(1_100);
        watch.run();
        watch.run();
        assertThat(dead).singleElement().asString().contains("not even the answer to a ping");
        assertThat(watch.checkMillis()).isEqualTo(166);
    }

    @Test
    void aProbeThatThrowsDoesNotEndTheWatch() {
        LivenessWatch watch = new LivenessWatch(SILENCE_MS, lastFrame::get, () -> {
            throw new IllegalStateException("output closed");
        }, dead::add);

        quietFor(600);
        watch.run();
        quietFor(1_100);
        watch.run();
        assertThat(dead).hasSize(1);
    }
}
