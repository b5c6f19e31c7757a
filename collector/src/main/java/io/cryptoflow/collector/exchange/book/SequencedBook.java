package io.cryptoflow.collector.exchange.book;

/**
 * What every {@link BookSync} shares: the book, whether it is known right, the epoch bumped at each
 * resync, the count of applied messages and the fault counter. Subclasses hold only their
 * exchange's sequencing rule.
 */
public abstract class SequencedBook implements BookSync {

    protected final LocalBook book = new LocalBook();
    private boolean known;
    private long epoch;
    private long applied;
    private long resyncs;
    private Fault lastFault;

    @Override
    public final boolean known() {
        return known;
    }

    @Override
    public final LocalBook book() {
        return book;
    }

    @Override
    public final long epoch() {
        return epoch;
    }

    @Override
    public final long applied() {
        return applied;
    }

    @Override
    public final Fault lastFault() {
        return lastFault;
    }

    /** Resyncs counted since the start (reconnects excluded). */
    public final long resyncs() {
        return resyncs;
    }

    @Override
    public void reset() {
        forget();
        lastFault = Fault.RECONNECT;
    }

    @Override
    public Step onSnapshot(DepthUpdate snapshot) {
        return Step.OK;
    }

    /** The book is no longer known right because of {@code fault}: cleared, epoch bumped; returns {@code step}. */
    protected final Step resync(Fault fault, Step step) {
        forget();
        lastFault = fault;
        resyncs++;
        return step;
    }

    /**
     * {@code update} was applied to the book: it is known right again unless crossed (then resynced
     * with {@code step}).
     */
    protected final Step appliedOrCrossed(Step step) {
        if (book.crossed()) {
            return resync(Fault.CROSSED, step);
        }
        known = true;
        applied++;
        return Step.OK;
    }

    private void forget() {
        book.clear();
        known = false;
        epoch++;
    }
}
