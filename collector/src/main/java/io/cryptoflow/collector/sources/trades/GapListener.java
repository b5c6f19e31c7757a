package io.cryptoflow.collector.sources.trades;

/** Told about a time range REST could not recover, so an archive can fill it once published (Bybit). */
@FunctionalInterface
public interface GapListener {

    void unrecovered(long fromTime, long toTime);

    /** This listener, then {@code next}. */
    default GapListener andThen(GapListener next) {
        return (from, to) -> {
            unrecovered(from, to);
            next.unrecovered(from, to);
        };
    }
}
