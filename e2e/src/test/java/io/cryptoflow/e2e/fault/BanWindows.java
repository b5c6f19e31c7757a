package io.cryptoflow.e2e.fault;

import io.cryptoflow.simulator.log.LoggedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Checks a simulator request log against the waits an exchange demanded: after a refusal that
 * arrived at t and asked for s seconds, no request to the same exchange may arrive before t + s.
 * The collector starts its wait when the answer arrives, which is after t, so the bound is strict.
 */
final class BanWindows {

    private BanWindows() {
    }

    /** One refusal and the requests to the same exchange that arrived inside its window. */
    record Violation(LoggedRequest refusal, Duration window, List<LoggedRequest> inside) {
    }

    /** A refusal found in the log and the first request to the exchange after it. */
    record Window(LoggedRequest refusal, Instant endsAt, LoggedRequest next) {
    }

    /**
     * @param exchange  all requests to the exchange (one market's path prefix, e.g. {@code /fapi/}), oldest first
     * @param refusal   which of them demanded a wait
     * @param windowOf  how long each refusal demanded
     */
    static List<Violation> violations(List<LoggedRequest> exchange, Predicate<LoggedRequest> refusal,
                                      java.util.function.Function<LoggedRequest, Duration> windowOf) {
        return violations(exchange, refusal, windowOf, Duration.ZERO);
    }

    /**
     * As above, for a client that talks to the exchange from several threads: a request another
     * thread sent before the refusal's answer came back cannot be taken back, so requests arriving
     * within {@code inFlight} of the refusal are not counted.
     */
    static List<Violation> violations(List<LoggedRequest> exchange, Predicate<LoggedRequest> refusal,
                                      java.util.function.Function<LoggedRequest, Duration> windowOf, Duration inFlight) {
        List<Violation> out = new ArrayList<>();
        for (Window w : windows(exchange, refusal, windowOf)) {
            Instant from = w.refusal().arrivedAt().plus(inFlight);
            List<LoggedRequest> inside = exchange.stream()
                    .filter(r -> r != w.refusal() && r.arrivedAt().isAfter(from) && r.arrivedAt().isBefore(w.endsAt()))
                    .toList();
            if (!inside.isEmpty()) {
                out.add(new Violation(w.refusal(), Duration.between(w.refusal().arrivedAt(), w.endsAt()), inside));
            }
        }
        return out;
    }

    static List<Window> windows(List<LoggedRequest> exchange, Predicate<LoggedRequest> refusal,
                                java.util.function.Function<LoggedRequest, Duration> windowOf) {
        List<Window> out = new ArrayList<>();
        for (int i = 0; i < exchange.size(); i++) {
            LoggedRequest r = exchange.get(i);
            if (refusal.test(r)) {
                LoggedRequest next = null;
                for (int j = i + 1; j < exchange.size() && next == null; j++) {
                    if (exchange.get(j).arrivedAt().isAfter(r.arrivedAt())) {
                        next = exchange.get(j);
                    }
                }
                out.add(new Window(r, r.arrivedAt().plus(windowOf.apply(r)), next));
            }
        }
        return out;
    }
}
