package io.cryptoflow.collector.exchange.binance;

import io.cryptoflow.collector.exchange.book.DepthUpdate;
import io.cryptoflow.collector.exchange.book.SequencedBook;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Binance USD-M "How to manage a local order book correctly" (developers.binance.com, derivatives /
 * usds-margined-futures / websocket-market-streams): buffer the {@code <symbol>@depth@100ms} events,
 * GET {@code /fapi/v1/depth} for a snapshot, drop buffered events with {@code u < lastUpdateId}; the
 * first event applied must have {@code U <= lastUpdateId AND u >= lastUpdateId}; afterwards each
 * event's {@code pu} must equal the previous event's {@code u}, else start again from the snapshot.
 * A snapshot older than every buffered event (first {@code U > lastUpdateId}: the diffs between are
 * lost) is stale and fetched again, the buffer kept.
 */
public final class BinanceBookSync extends SequencedBook {

    /** More buffered events than this while waiting for a snapshot: the buffer restarts (about 100 s at 100 ms). */
    static final int MAX_BUFFERED = 1_000;

    private final Deque<DepthUpdate> buffer = new ArrayDeque<>();
    private boolean snapshotRequested;
    /** The last applied event's {@code u}; meaningful while known. */
    private long lastU;

    @Override
    public Step onMessage(DepthUpdate event) {
        if (known()) {
            if (event.prevId() != lastU) {
                Fault fault = event.lastId() <= lastU ? Fault.OUT_OF_ORDER : Fault.GAP;
                resync(fault, Step.FETCH_SNAPSHOT);
                return buffer(event);
            }
            book.apply(event);
            lastU = event.lastId();
            return appliedOrCrossed(Step.FETCH_SNAPSHOT) == Step.OK ? Step.OK : restartBuffering();
        }
        return buffer(event);
    }

    @Override
    public Step onSnapshot(DepthUpdate snapshot) {
        snapshotRequested = false;
        long lastUpdateId = snapshot.lastId();
        // every event the snapshot already holds, wherever it sits: one sent late (out of order) can
        // sit behind the event that bridges the snapshot, and applying it would break the pu chain
        buffer.removeIf(e -> e.lastId() < lastUpdateId);
        if (buffer.isEmpty()) {
            // nothing after the snapshot yet: ask again once events arrive (the stream runs ahead of REST)
            return requestSnapshot();
        }
        DepthUpdate first = buffer.peekFirst();
        if (first.firstId() > lastUpdateId) {
            resync(Fault.STALE_SNAPSHOT, Step.FETCH_SNAPSHOT);
            return requestSnapshot();
        }
        book.replace(snapshot);
        DepthUpdate previous = null;
        while (!buffer.isEmpty()) {
            DepthUpdate e = buffer.pollFirst();
            if (previous != null && e.prevId() != previous.lastId()) {
                resync(Fault.GAP, Step.FETCH_SNAPSHOT);
                buffer.addFirst(e);
                return requestSnapshot();
            }
            book.apply(e);
            previous = e;
        }
        lastU = previous.lastId();
        return appliedOrCrossed(Step.FETCH_SNAPSHOT) == Step.OK ? Step.OK : restartBuffering();
    }

    @Override
    public void snapshotFailed() {
        snapshotRequested = false;
    }

    @Override
    public void reset() {
        super.reset();
        buffer.clear();
        snapshotRequested = false;
    }

    private Step buffer(DepthUpdate event) {
        if (buffer.size() >= MAX_BUFFERED) {
            buffer.clear();
            snapshotRequested = false;
        }
        buffer.addLast(event);
        return snapshotRequested ? Step.OK : requestSnapshot();
    }

    private Step restartBuffering() {
        buffer.clear();
        snapshotRequested = false;
        return Step.OK;
    }

    private Step requestSnapshot() {
        if (buffer.isEmpty()) {
            return Step.OK;
        }
        snapshotRequested = true;
        return Step.FETCH_SNAPSHOT;
    }
}
