package io.cryptoflow.collector.exchange;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link RateGate} per exchange, shared by everything that talks to it: exchanges limit and
 * ban per IP, so a 429/418 met by the kline sync must also stop the trade catch-up, and back.
 */
public final class RateGates {

    private final Map<String, RateGate> gates = new ConcurrentHashMap<>();

    /** The exchange's gate, created with {@code rules} by its first user. */
    public RateGate of(String exchange, RateLimitRules rules) {
        return gates.computeIfAbsent(exchange, e -> new RateGate(e, rules));
    }

    /** The gate of an exchange whose klines are collected, if any. */
    public Optional<RateGate> existing(String exchange) {
        return Optional.ofNullable(gates.get(exchange));
    }
}
