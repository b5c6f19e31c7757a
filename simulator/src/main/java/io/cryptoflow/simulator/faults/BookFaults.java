package io.cryptoflow.simulator.faults;

import io.cryptoflow.simulator.market.Venue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Order-book faults (issue 22): each is armed for one market, from a market-clock instant on, and
 * hits the first matching message or snapshot served at or after it, once. Every injection is
 * recorded with its market time so a test can find when a client following the exchange's rules had
 * a book it could not trust (from the injection until that client resynced).
 */
public final class BookFaults {

    /** What goes wrong; the exchanges each kind applies to are in brackets. */
    public enum Kind {
        /** The next diff of the market is never sent [Binance depth event, Bybit delta, Bitget update]. */
        DROP_DIFF,
        /** The next diff is held back and sent after the one that follows it [Binance, Bybit, Bitget]. */
        OUT_OF_ORDER_DIFF,
        /** The next REST depth snapshot is an older, consistent one ({@code lastUpdateId} behind the stream) [Binance]. */
        STALE_SNAPSHOT,
        /** A new snapshot with {@code u = 1} mid-stream, as after a service restart; deltas continue 2, 3, … [Bybit]. */
        RESET_SNAPSHOT,
        /** The next update carries a checksum that does not match the book [Bitget]. */
        WRONG_CHECKSUM
    }

    /** One fault as it was injected: market-clock time of the message or snapshot it hit. */
    public record Injected(Kind kind, Venue venue, String symbol, long marketTimeMs, String detail) {
    }

    private record Armed(Kind kind, Venue venue, String symbol, long fromMarketMs) {
    }

    private final List<Armed> armed = new ArrayList<>();
    private volatile Duration staleSnapshotAge = Duration.ofSeconds(10);
    private final List<Injected> injected = new ArrayList<>();
    /** Bybit: the step of the last service restart per market ({@code u} counts from it). */
    private final Map<String, Long> restartSteps = new ConcurrentHashMap<>();

    /** Arms {@code kind} for {@code venue}/{@code symbol}: the next matching message or snapshot is hit. */
    public BookFaults arm(Kind kind, Venue venue, String symbol) {
        return armAt(kind, venue, symbol, Long.MIN_VALUE);
    }

    /** Arms {@code kind} for the first matching message or snapshot at or after {@code marketTimeMs}. */
    public synchronized BookFaults armAt(Kind kind, Venue venue, String symbol, long marketTimeMs) {
        armed.add(new Armed(kind, venue, symbol.toUpperCase(Locale.ROOT), marketTimeMs));
        return this;
    }

    /**
     * True (and recorded as injected at {@code nowMs}) when a {@code kind} fault is armed for this
     * market and due; the caller then applies it.
     */
    public synchronized boolean take(Kind kind, Venue venue, String symbol, long nowMs, String detail) {
        Iterator<Armed> it = armed.iterator();
        while (it.hasNext()) {
            Armed a = it.next();
            if (a.kind == kind && a.venue == venue && a.symbol.equals(symbol) && nowMs >= a.fromMarketMs) {
                it.remove();
                injected.add(new Injected(kind, venue, symbol, nowMs, detail));
                return true;
            }
        }
        return false;
    }

    /** How much older than now a {@code STALE_SNAPSHOT} is (default 10 s). */
    public BookFaults staleSnapshotAge(Duration age) {
        this.staleSnapshotAge = age;
        return this;
    }

    public Duration staleSnapshotAge() {
        return staleSnapshotAge;
    }

    /** Every fault injected so far, in order. */
    public synchronized List<Injected> injected() {
        return List.copyOf(injected);
    }

    /** Faults armed and not yet injected. */
    public synchronized int pending() {
        return armed.size();
    }

    /** Bybit: records a service restart of {@code venue}/{@code symbol} at {@code step}. */
    public void restarted(Venue venue, String symbol, long step) {
        restartSteps.put(venue + "/" + symbol, step);
    }

    /** Bybit: the step of the last restart of the market, or {@link Long#MIN_VALUE} when none. */
    public long restartStep(Venue venue, String symbol) {
        return restartSteps.getOrDefault(venue + "/" + symbol, Long.MIN_VALUE);
    }
}
