package io.cryptoflow.simulator.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoflow.simulator.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Bybit counts 600 requests in ANY 5-second window: a burst across a calendar boundary is one window. */
class RollingWindowLimiterTest {

    @Test
    void aRollingWindowRefusesWhatAFixedWindowWouldLetThroughAcrossItsBoundary() {
        ManualClock clock = ManualClock.at("2026-01-01T00:00:04.000Z");
        RequestCountLimiter rolling = RequestCountLimiter.rolling(3, Duration.ofSeconds(5), true, clock);
        RequestCountLimiter fixed = RequestCountLimiter.fixed(3, Duration.ofSeconds(5), true, clock);
        for (int i = 0; i < 3; i++) {
            assertThat(rolling.admit().admitted()).isTrue();
            assertThat(fixed.admit().admitted()).isTrue();
        }
        clock.advance(Duration.ofSeconds(1)); // 00:00:05: a new calendar window, the same rolling one
        assertThat(fixed.admit().admitted()).isTrue();
        RequestCountLimiter.Decision refused = rolling.admit();
        assertThat(refused.admitted()).isFalse();
        assertThat(refused.resetAtMs()).isEqualTo(clock.millis() + 4_000);
        clock.advance(Duration.ofMillis(3_999));
        assertThat(rolling.admit().admitted()).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(rolling.admit().admitted()).isTrue();
    }
}
