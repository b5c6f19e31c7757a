package io.cryptoflow.collector.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code depth}: the order-book heatmap settings shared by every market listed under
 * {@code exchanges.<type>.depth.symbols}. Every {@code interval} each market whose book is known right
 * is binned on {@code steps[symbol]} (else {@code orderFlow.tickSizes}, else ~1e-4 of the price)
 * within {@code bandPercent} of the mid; the second tier is kept {@code secondRetentionDays}, the
 * minute tier (mean of the minute's seconds) {@code minuteRetentionDays}, whole UTC days dropped.
 */
public class DepthConfiguration {

    @JsonProperty
    private boolean enabled = true;

    @NotNull
    @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
    @JsonProperty
    private Duration interval = Duration.seconds(1);

    @DecimalMin("0.01")
    @DecimalMax("50")
    @JsonProperty
    private double bandPercent = 1.0;

    @NotNull
    @JsonProperty
    private Map<String, BigDecimal> steps = new LinkedHashMap<>();

    @Min(1)
    @Max(3650)
    @JsonProperty
    private int secondRetentionDays = 2;

    @Min(1)
    @Max(36500)
    @JsonProperty
    private int minuteRetentionDays = 90;

    /** Least time between two REST snapshots of one market (Binance resyncs). */
    @NotNull
    @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
    @JsonProperty
    private Duration snapshotSpacing = Duration.seconds(1);

    public boolean isEnabled() {
        return enabled;
    }

    public Duration getInterval() {
        return interval;
    }

    /** The band as a fraction of the mid (1 % = 0.01). */
    public double band() {
        return bandPercent / 100;
    }

    public Map<String, BigDecimal> getSteps() {
        return steps;
    }

    public int getSecondRetentionDays() {
        return secondRetentionDays;
    }

    public int getMinuteRetentionDays() {
        return minuteRetentionDays;
    }

    public Duration getSnapshotSpacing() {
        return snapshotSpacing;
    }
}
