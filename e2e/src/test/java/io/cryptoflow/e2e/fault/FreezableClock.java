package io.cryptoflow.e2e.fault;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A market clock for the simulator that follows real time until {@link #freeze()}: from then on no
 * new trade exists, so "everything the exchange traded" is a fixed set a test can compare against
 * while the collector, on real time, keeps running.
 */
public final class FreezableClock extends Clock {

    private volatile Instant frozenAt;

    /** Stops the clock now and returns the instant it stopped at. */
    public synchronized Instant freeze() {
        if (frozenAt == null) {
            frozenAt = Instant.now();
        }
        return frozenAt;
    }

    @Override
    public Instant instant() {
        Instant f = frozenAt;
        return f != null ? f : Instant.now();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("UTC only");
    }
}
