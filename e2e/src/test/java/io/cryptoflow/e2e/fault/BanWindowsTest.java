package io.cryptoflow.e2e.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoflow.simulator.log.LoggedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BanWindowsTest {

    private static final Instant T = Instant.parse("2026-11-27T01:00:00Z");

    private static LoggedRequest at(long millis, int status) {
        return new LoggedRequest(T.plusMillis(millis), "/fapi/v1/klines", "", Map.of(), status, null);
    }

    @Test
    void aRequestBeforeTheRetryAfterEndsIsAViolationAndOneAtTheEndIsNot() {
        List<LoggedRequest> log = List.of(at(0, 200), at(10, 418), at(3_009, 200), at(3_010, 200));

        List<BanWindows.Violation> violations = BanWindows.violations(log, r -> r.status() == 418, r -> Duration.ofSeconds(3));

        assertThat(violations).hasSize(1);
        assertThat(violations.get(0).inside()).containsExactly(log.get(2));
        assertThat(BanWindows.windows(log, r -> r.status() == 418, r -> Duration.ofSeconds(3)))
                .singleElement().satisfies(w -> assertThat(w.next()).isEqualTo(log.get(2)));
    }

    @Test
    void requestsAlreadyInFlightWhenTheBanWasAnsweredAreNotCountedWithAGrace() {
        List<LoggedRequest> log = List.of(at(0, 418), at(100, 200), at(1_000, 200));

        assertThat(BanWindows.violations(log, r -> r.status() == 418, r -> Duration.ofSeconds(3)))
                .singleElement().satisfies(v -> assertThat(v.inside()).hasSize(2));
        assertThat(BanWindows.violations(log, r -> r.status() == 418, r -> Duration.ofSeconds(3), Duration.ofMillis(300)))
                .singleElement().satisfies(v -> assertThat(v.inside()).containsExactly(log.get(2)));
    }

    @Test
    void aLogWithoutRefusalsHasNoViolation() {
        List<LoggedRequest> log = List.of(at(0, 200), at(1, 200), at(2, 503));

        assertThat(BanWindows.violations(log, r -> r.status() == 418, r -> Duration.ofSeconds(3))).isEmpty();
    }
}
