package io.cryptoflow.collector.sources.klines;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void delaysDoubleWithJitterUpToTheCap() {
        Backoff backoff = new Backoff(100, 1_000);

        long[] ceilings = {100, 200, 400, 800, 1_000, 1_000};
        for (long ceiling : ceilings) {
            assertThat(backoff.nextDelay(0)).isBetween(ceiling / 2, ceiling);
        }
    }

    @Test
    void retryAfterFromTheExchangeWinsWhenLonger() {
        Backoff backoff = new Backoff(100, 1_000);

        assertThat(backoff.nextDelay(5_000)).isEqualTo(5_000);
    }

    @Test
    void resetStartsOverAfterSuccess() {
        Backoff backoff = new Backoff(100, 10_000);
        for (int i = 0; i < 6; i++) {
            backoff.nextDelay(0);
        }

        backoff.reset();

        assertThat(backoff.nextDelay(0)).isBetween(50L, 100L);
    }
}
