package io.cryptoflow.collector.sources.trades;

import static org.awaitility.Awaitility.await;

import io.cryptoflow.simulator.ManualClock;
import java.time.Duration;

/** Drives the simulator's market clock so its live stream delivers every trade before time moves on. */
final class LiveTrades {

    private LiveTrades() {
    }

    /**
     * Waits for the first live trade, then moves the clock in {@code step}s up to {@code until}, each
     * step delivered (the last trade at most {@code lag} old, no catch-up running) before the next.
     */
    static void advance(ManualClock market, TradeSequencer seq, long until, Duration step, Duration lag)
            throws InterruptedException {
        for (int i = 0; i < 100 && seq.lastTime() == Long.MIN_VALUE; i++) {
            market.advance(Duration.ofMillis(500));
            Thread.sleep(100);
        }
        while (market.millis() < until) {
            market.advance(step);
            long target = market.millis() - lag.toMillis();
            await().atMost(Duration.ofSeconds(30)).until(() -> !seq.isCatchingUp() && seq.lastTime() >= target);
        }
    }
}
