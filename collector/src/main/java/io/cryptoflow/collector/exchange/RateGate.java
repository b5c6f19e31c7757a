package io.cryptoflow.collector.exchange;

import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One exchange's request budget, driven by what the exchange reports: the used weight header
 * after each answer, and Retry-After on 429/418, during which nothing is sent to the exchange.
 */
public final class RateGate {

    private static final Logger LOG = LoggerFactory.getLogger(RateGate.class);
    private final String exchange;
    private final RateLimitRules rules;
    private long blockedUntil;
    private long window = -1;
    private int usedWeight;

    public RateGate(String exchange, RateLimitRules rules) {
        this.exchange = exchange;
        this.rules = rules;
    }

    /** Waits until a request of {@code weight} fits the budget and no ban is in force, then books it. */
    public void acquire(int weight) throws InterruptedException {
        while (true) {
            long wait;
            synchronized (this) {
                long now = System.currentTimeMillis();
                rollWindow(now);
                if (now < blockedUntil) {
                    wait = blockedUntil - now;
                } else if (usedWeight + weight > rules.budget()) {
                    wait = (window + 1) * rules.windowMillis() - now + 50;
                } else {
                    usedWeight += weight;
                    return;
                }
            }
            TimeUnit.MILLISECONDS.sleep(Math.max(1, wait));
        }
    }

    /** Waits while a ban or Retry-After is in force, without booking any weight. */
    public void awaitNoBan() throws InterruptedException {
        while (true) {
            long wait;
            synchronized (this) {
                wait = blockedUntil - System.currentTimeMillis();
            }
            if (wait <= 0) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(wait);
        }
    }

    /** Trusts the exchange's own count of the weight used in the current window. */
    public synchronized void reportUsedWeight(int used) {
        rollWindow(System.currentTimeMillis());
        usedWeight = Math.max(0, used);
    }

    /** Sends nothing to this exchange for {@code millis}. */
    public synchronized void blockFor(long millis, String reason) {
        long until = System.currentTimeMillis() + millis;
        if (until > blockedUntil) {
            blockedUntil = until;
            LOG.warn("{}: {}; sending nothing for {} ms", exchange, reason, millis);
        }
    }

    public synchronized long blockedUntil() {
        return blockedUntil;
    }

    private void rollWindow(long now) {
        long current = now / rules.windowMillis();
        if (current != window) {
            window = current;
            usedWeight = 0;
        }
    }
}
