package io.cryptoflow.simulator.ws;

import java.util.ArrayDeque;

/** Counts a connection's incoming messages over any rolling second; 0 = no limit. */
final class IncomingMessageLimit {

    private final int perSecond;
    private final ArrayDeque<Long> arrivals = new ArrayDeque<>();

    IncomingMessageLimit(int perSecond) {
        this.perSecond = perSecond;
    }

    /** Records one message at {@code nowMs}; true when it is one too many (the connection must be cut). */
    synchronized boolean exceededBy(long nowMs) {
        if (perSecond <= 0) {
            return false;
        }
        while (!arrivals.isEmpty() && arrivals.peekFirst() <= nowMs - 1000) {
            arrivals.pollFirst();
        }
        arrivals.addLast(nowMs);
        return arrivals.size() > perSecond;
    }
}
