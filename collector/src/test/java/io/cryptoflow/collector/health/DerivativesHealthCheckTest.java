package io.cryptoflow.collector.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoflow.collector.sources.derivatives.DerivativesProgress;
import org.junit.jupiter.api.Test;

class DerivativesHealthCheckTest {

    @Test
    void aFailingPollIsNamedInTheDetailsWithoutTurningTheCollectorRed() {
        DerivativesProgress progress = new DerivativesProgress();
        DerivativesHealthCheck check = new DerivativesHealthCheck(progress);
        assertThat(check.execute().isHealthy()).isTrue();
        progress.failed("BYBIT:BTCUSDT", "funding", "HTTP 500");
        assertThat(check.execute().isHealthy()).isTrue();
        assertThat(check.execute().getMessage()).contains("1 of 1 open interest / funding series failing");
        assertThat(check.execute().getDetails().get("failing").toString()).contains("BYBIT:BTCUSDT funding: HTTP 500");
        progress.succeeded("BYBIT:BTCUSDT", "funding");
        assertThat(check.execute().getMessage()).contains("series polled");
    }
}
