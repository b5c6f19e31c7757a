package io.cryptoflow.collector.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateGateTest {

    private static final RateLimitRules TEN_PER_SECOND = new RateLimitRules(10, 1_000, null, limit -> 1, 0, 1_000);

    private static long millisToAcquire(RateGate gate, int weight) throws InterruptedException {
        long start = System.nanoTime();
        gate.acquire(weight);
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Test
    void requestsWithinTheBudgetGoOutImmediately() throws Exception {
        RateGate gate = new RateGate("TEST", TEN_PER_SECOND);
        // start right after a window boundary so the whole budget is available
        Thread.sleep(1_000 - System.currentTimeMillis() % 1_000 + 5);

        assertThat(millisToAcquire(gate, 4) + millisToAcquire(gate, 4)).isLessThan(200);
    }

    @Test
    void exchangeReportedWeightNearTheBudgetHoldsTheNextRequestUntilTheWindowEnds() throws Exception {
        RateGate gate = new RateGate("TEST", TEN_PER_SECOND);
        Thread.sleep(1_000 - System.currentTimeMillis() % 1_000 + 5);
        gate.reportUsedWeight(9);

        long waited = millisToAcquire(gate, 2);

        assertThat(waited).isGreaterThanOrEqualTo(700);
        assertThat(System.currentTimeMillis() % 1_000).as("released in the next window").isLessThan(500);
    }

    @Test
    void blockSendsNothingUntilItExpires() throws Exception {
        RateGate gate = new RateGate("TEST", TEN_PER_SECOND);
        gate.blockFor(600, "test ban");

        assertThat(millisToAcquire(gate, 1)).isGreaterThanOrEqualTo(550);
    }
}
