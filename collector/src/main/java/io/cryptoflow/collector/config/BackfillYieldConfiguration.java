package io.cryptoflow.collector.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/**
 * {@code backfillYield}: history pages wait while other processes keep more than
 * {@code othersCpuAbove} of the machine's CPU (all cores) busy, each {@code maxWait}, then its turn
 * (one page at a time machine-wide, {@code maxWait} ÷ markets apart).
 * {@code othersCpuAbove: 1} or {@code maxWait: 0s} switches it off. Live candles never wait.
 */
public class BackfillYieldConfiguration {

    @DecimalMin("0.05")
    @DecimalMax("1")
    private double othersCpuAbove = 0.5;

    @NotNull
    @MaxDuration(value = 60, unit = TimeUnit.SECONDS)
    private Duration maxWait = Duration.seconds(5);

    @JsonProperty
    public double getOthersCpuAbove() {
        return othersCpuAbove;
    }

    @JsonProperty
    public void setOthersCpuAbove(double othersCpuAbove) {
        this.othersCpuAbove = othersCpuAbove;
    }

    @JsonProperty
    public Duration getMaxWait() {
        return maxWait;
    }

    @JsonProperty
    public void setMaxWait(Duration maxWait) {
        this.maxWait = maxWait;
    }
}
