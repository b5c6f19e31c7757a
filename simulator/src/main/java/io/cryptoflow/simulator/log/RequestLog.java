package io.cryptoflow.simulator.log;

import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

/**
 * Every request the simulator answered, in arrival order; thread-safe, queryable by tests. Keeps the
 * newest {@value #MAX_ENTRIES} so a long-running demo does not grow without bound.
 */
public final class RequestLog {

    public static final int MAX_ENTRIES = 200_000;

    private final java.util.ArrayDeque<LoggedRequest> entries = new java.util.ArrayDeque<>();

    public synchronized void add(LoggedRequest request) {
        if (entries.size() == MAX_ENTRIES) {
            entries.removeFirst();
        }
        entries.addLast(request);
    }

    public synchronized List<LoggedRequest> all() {
        return List.copyOf(entries);
    }

    /** Requests whose path starts with {@code pathPrefix}. */
    public List<LoggedRequest> matching(String pathPrefix) {
        return where(r -> r.path().startsWith(pathPrefix));
    }

    /** Requests with path prefix {@code pathPrefix} that arrived at or after {@code from} and before {@code to}. */
    public List<LoggedRequest> between(String pathPrefix, Instant from, Instant to) {
        return where(r -> r.path().startsWith(pathPrefix) && !r.arrivedAt().isBefore(from) && r.arrivedAt().isBefore(to));
    }

    public synchronized List<LoggedRequest> where(Predicate<LoggedRequest> filter) {
        return entries.stream().filter(filter).toList();
    }

    public synchronized int count(String pathPrefix) {
        return (int) entries.stream().filter(r -> r.path().startsWith(pathPrefix)).count();
    }

    public synchronized void clear() {
        entries.clear();
    }
}
