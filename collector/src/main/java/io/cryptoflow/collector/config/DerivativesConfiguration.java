package io.cryptoflow.collector.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/**
 * {@code exchanges.<type>.derivatives}: open interest and funding of a derivatives market, backfilled
 * {@code historyDays} (as far as the exchange offers) and polled every {@code pollInterval}; the whole
 * window is re-checked for holes every {@code recheckInterval}. Off unless {@code enabled: true}; a spot
 * section has neither and refuses to switch it on.
 */
public class DerivativesConfiguration {

    @JsonProperty
    private boolean enabled;

    @Min(1)
    @Max(36500)
    @JsonProperty
    private int historyDays = 365;

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration pollInterval = Duration.minutes(1);

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration recheckInterval = Duration.hours(6);

    public boolean isEnabled() {
        return enabled;
    }

    public int getHistoryDays() {
        return historyDays;
    }

    public Duration getPollInterval() {
        return pollInterval;
    }

    public Duration getRecheckInterval() {
        return recheckInterval;
    }
}
