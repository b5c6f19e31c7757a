package io.cryptoflow.collector.exchange.book;

/**
 * One market's book kept under its exchange's documented sequencing rules. Every message goes
 * through {@link #onMessage}; the answer says what the stream must do. While {@link #known()} is
 * false the book must not be sampled. Each resync bumps {@link #epoch()}, so a sample taken before
 * a fault that was detected later can be told apart from one taken after.
 * Callers synchronize on the instance.
 */
public interface BookSync {

    /** What the stream does after a message. */
    enum Step {
        /** Nothing to do (applied, buffered or ignored). */
        OK,
        /** Fetch a REST snapshot and hand it to {@link #onSnapshot} (Binance). */
        FETCH_SNAPSHOT,
        /** Unsubscribe and subscribe the market's topic again: the exchange sends a new snapshot (Bybit, Bitget). */
        RESUBSCRIBE
    }

    /** Why a book was resynced, for metrics and the progress page. */
    enum Fault { GAP, OUT_OF_ORDER, STALE_SNAPSHOT, CHECKSUM, CROSSED, RESET, RECONNECT }

    Step onMessage(DepthUpdate update);

    /** A REST snapshot (only where the exchange sends none in the stream). */
    Step onSnapshot(DepthUpdate snapshot);

    /** The snapshot asked for by {@link Step#FETCH_SNAPSHOT} could not be fetched: the next message asks again. */
    default void snapshotFailed() {
    }

    /** The connection was (re)opened or lost: everything known is forgotten. */
    void reset();

    boolean known();

    LocalBook book();

    /** Bumped at every resync and reset. */
    long epoch();

    /** Messages applied since the start; a sample is confirmed once a later message applied in the same epoch. */
    long applied();

    /** The last fault, null when none yet. */
    Fault lastFault();
}
