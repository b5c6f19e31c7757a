package io.cryptoflow.simulator.faults;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Queue of faults to inject, each for the next N requests (or WebSocket messages) whose path starts
 * with a prefix. Faults are consumed in the order they were enqueued.
 */
public final class FaultPlan {

    private static final class Entry {
        final String pathPrefix;
        final Fault fault;
        int remaining;

        Entry(String pathPrefix, Fault fault, int remaining) {
            this.pathPrefix = pathPrefix;
            this.fault = fault;
            this.remaining = remaining;
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    /** Applies {@code fault} to the next request whose path starts with {@code pathPrefix}. */
    public FaultPlan enqueue(String pathPrefix, Fault fault) {
        return enqueue(pathPrefix, fault, 1);
    }

    /** Applies {@code fault} to the next {@code times} requests whose path starts with {@code pathPrefix}. */
    public synchronized FaultPlan enqueue(String pathPrefix, Fault fault, int times) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be >= 1");
        }
        entries.add(new Entry(pathPrefix, fault, times));
        return this;
    }

    /** Removes and returns the next HTTP fault for {@code path}, if any. */
    public Optional<Fault> takeHttp(String path) {
        return take(path, false);
    }

    /** Removes and returns the next WebSocket fault for a session opened on {@code path}, if any. */
    public Optional<Fault> takeWebSocket(String path) {
        return take(path, true);
    }

    private synchronized Optional<Fault> take(String path, boolean webSocket) {
        Iterator<Entry> it = entries.iterator();
        while (it.hasNext()) {
            Entry e = it.next();
            if (e.fault.isWebSocket() == webSocket && path.startsWith(e.pathPrefix)) {
                if (--e.remaining == 0) {
                    it.remove();
                }
                return Optional.of(e.fault);
            }
        }
        return Optional.empty();
    }

    public synchronized int pending() {
        return entries.stream().mapToInt(e -> e.remaining).sum();
    }

    public synchronized void clear() {
        entries.clear();
    }
}
