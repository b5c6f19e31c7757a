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

    /**
     * Issue 24 item 6: Bybit counts its budget in ANY 5-second window. A fixed-window gate lets a full
     * budget go out at the end of one window and another at the start of the next; the rolling gate
     * never has more than the budget in flight over any window.
     */
    @Test
    void aRollingBudgetHoldsInEveryWindowAcrossTheCalendarBoundary() throws Exception {
        RateLimitRules rolling = new RateLimitRules(10, 1_000, null, limit -> 1, 0, 1_000, true);
        RateGate gate = new RateGate("TEST", rolling);
        // 900 ms into a calendar second: a fixed window would release 10 more 100 ms later
        Thread.sleep(1_000 - System.currentTimeMillis() % 1_000 + 900);
        // The gate books each request at a moment between these two readings. Reading the clock only
        // after acquire returned made a thread stalled for a few ms after request i-10's booking (this
        // CI machine's vCPUs do that) look like a gate that let request i go 4 ms early (996 ms apart).
        java.util.List<Long> asked = new java.util.ArrayList<>();
        java.util.List<Long> let = new java.util.ArrayList<>();
        for (int i = 0; i < 25; i++) {
            asked.add(System.currentTimeMillis());
            gate.acquire(1);
            let.add(System.currentTimeMillis());
        }
        for (int i = 10; i < let.size(); i++) {
            assertThat(let.get(i) - asked.get(i - 10)).as("request %d let go, the tenth before it asked for", i)
                    .isGreaterThanOrEqualTo(1_000);
        }
    }

    /** Issue 24 item 7: a refusal by region stops every request for the retry interval and is reported. */
    @Test
    void aRefusalByRegionStopsRequestsForTheRetryIntervalAndIsReportedUntilServed() throws Exception {
        RateGate gate = new RateGate("TEST", TEN_PER_SECOND, 700);
        long wait = gate.refuse("HTTP 451");

        assertThat(wait).isEqualTo(700);
        assertThat(gate.refusal()).hasValueSatisfying(r -> assertThat(r.reason()).isEqualTo("HTTP 451"));
        assertThat(millisToAcquire(gate, 1)).isGreaterThanOrEqualTo(650);
        gate.served();
        assertThat(gate.refusal()).isEmpty();
    }

    @Test
    void binance451AndCloudFrontsCountryBlockAreRefusalsButBybitsRateLimit403IsNot() {
        byte[] cloudFront = "<H1>403 ERROR</H1> The Amazon CloudFront distribution is configured to block access from your country."
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(RegionRefusal.reasonOf(451, "{\"code\":0,\"msg\":\"Service unavailable from a restricted location\"}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8))).hasValueSatisfying(r -> assertThat(r).contains("451"));
        assertThat(RegionRefusal.reasonOf(403, cloudFront)).isPresent();
        assertThat(RegionRefusal.reasonOf(403, "403 Forbidden: access too frequent".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isEmpty();
        assertThat(RegionRefusal.reasonOf(500, cloudFront)).isEmpty();
    }
}
