package io.cryptoflow.collector.exchange;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Optional;
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
    private final long refusalRetryMillis;
    private long blockedUntil;
    private long window = -1;
    private int usedWeight;
    private RegionRefusal refusal;
    /** Rolling rules: when each request of the last window was sent, and its weight. */
    private final ArrayDeque<long[]> booked = new ArrayDeque<>();
    private int bookedWeight;

    public RateGate(String exchange, RateLimitRules rules) {
        this(exchange, rules, RateGates.DEFAULT_REFUSAL_RETRY_MILLIS);
    }

    /** @param refusalRetryMillis how long a refusal by region stops every request to the exchange */
    public RateGate(String exchange, RateLimitRules rules, long refusalRetryMillis) {
        this.exchange = exchange;
        this.rules = rules;
        this.refusalRetryMillis = refusalRetryMillis;
    }

    public String exchange() {
        return exchange;
    }

    /**
     * The exchange refused this client's location ({@link RegionRefusal}): nothing is sent to it until
     * the refusal retry interval has passed; returns how long that is.
     */
    public long refuse(String reason) {
        long now = System.currentTimeMillis();
        synchronized (this) {
            Instant since = refusal == null ? Instant.ofEpochMilli(now) : refusal.since();
            refusal = new RegionRefusal(reason, since, Instant.ofEpochMilli(now + refusalRetryMillis));
            if (now + refusalRetryMillis > blockedUntil) {
                blockedUntil = now + refusalRetryMillis;
            }
        }
        LOG.error("{}: the exchange refuses this location ({}); asking again in {} s. Switch the market off if "
                + "this is expected (see README, \"Markets an exchange refuses\")", exchange, reason, refusalRetryMillis / 1000);
        return refusalRetryMillis;
    }

    /** The exchange answered something other than a refusal: it serves this location again. */
    public void served() {
        RegionRefusal was;
        synchronized (this) {
            was = refusal;
            refusal = null;
        }
        if (was != null) {
            LOG.info("{}: the exchange answers again after refusing this location since {}", exchange, was.since());
        }
    }

    /** The refusal in force, if the last answer was one. */
    public synchronized Optional<RegionRefusal> refusal() {
        return Optional.ofNullable(refusal);
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
                } else if (rules.rolling()) {
                    wait = rollingWait(now, weight);
                    if (wait == 0) {
                        booked.addLast(new long[] {now, weight});
                        bookedWeight += weight;
                        return;
                    }
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

    /** 0 when {@code weight} fits the last window ending now; else until enough of it has aged out. */
    private long rollingWait(long now, int weight) {
        while (!booked.isEmpty() && booked.peekFirst()[0] <= now - rules.windowMillis()) {
            bookedWeight -= (int) booked.pollFirst()[1];
        }
        if (bookedWeight + weight <= rules.budget()) {
            return 0;
        }
        int excess = bookedWeight + weight - rules.budget();
        for (long[] b : booked) {
            excess -= (int) b[1];
            if (excess <= 0) {
                return b[0] + rules.windowMillis() - now + 1;
            }
        }
        return rules.windowMillis();
    }

    private void rollWindow(long now) {
        long current = now / rules.windowMillis();
        if (current != window) {
            window = current;
            usedWeight = 0;
        }
    }
}
