package io.cryptoflow.collector.exchange;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link RateGate} per exchange, shared by everything that talks to it: exchanges limit and
 * ban per IP, so a 429/418 met by the kline sync must also stop the trade catch-up, and back.
 */
public final class RateGates {

    /** How long a refusal by region stops an exchange unless configured ({@code regionRefusalRetry}). */
    public static final long DEFAULT_REFUSAL_RETRY_MILLIS = 3 * 3_600_000L;

    private final Map<String, RateGate> gates = new ConcurrentHashMap<>();
    private final long refusalRetryMillis;

    public RateGates() {
        this(DEFAULT_REFUSAL_RETRY_MILLIS);
    }

    /** @param refusalRetryMillis how long a refusal by region ({@link RegionRefusal}) stops an exchange */
    public RateGates(long refusalRetryMillis) {
        this.refusalRetryMillis = refusalRetryMillis;
    }

    /** The exchange's gate, created with {@code rules} by its first user. */
    public RateGate of(String exchange, RateLimitRules rules) {
        return gates.computeIfAbsent(ipScope(exchange), e -> new RateGate(e, rules, refusalRetryMillis));
    }

    /**
     * Which markets share one per-IP limit and ban: Bybit's linear and spot endpoints are one host
     * with one IP limit (a 403 stops both); Binance spot and USD-M futures are separate APIs with their
     * own weight budgets and bans.
     */
    static String ipScope(String exchange) {
        return "BYBIT_SPOT".equals(exchange) ? "BYBIT" : exchange;
    }
}
