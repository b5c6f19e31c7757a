package io.cryptoflow.collector.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/**
 * {@code backfillYield}: history pages wait while the API's readers wait on it (mean requests in
 * flight above {@code readersAbove}, read from {@code readersUrl}; when the API does not answer there,
 * while other processes keep more than {@code othersCpuAbove} of the machine's CPU busy), each
 * {@code maxWait}, then its turn (one page at a time machine-wide, {@code maxWait} ÷ markets apart).
 * {@code othersCpuAbove: 1} or {@code maxWait: 0s} switches it off. Live candles never wait.
 */
public class BackfillYieldConfiguration {

    @DecimalMin("0.05")
    @DecimalMax("1")
    private double othersCpuAbove = 0.5;

    @NotNull
    @MaxDuration(value = 60, unit = TimeUnit.SECONDS)
    private Duration maxWait = Duration.seconds(5);

    /** The API's admin {@code /readers}; empty: decide from other processes' CPU alone. */
    private String readersUrl = "http://127.0.0.1:3001/readers";

    /** Mean API requests in flight above which readers count as waiting. */
    @DecimalMin("0.01")
    private double readersAbove = 0.5;

    @JsonProperty
    public String getReadersUrl() {
        return readersUrl;
    }

    @JsonProperty
    public void setReadersUrl(String readersUrl) {
        this.readersUrl = readersUrl;
    }

    @JsonProperty
    public double getReadersAbove() {
        return readersAbove;
    }

    @JsonProperty
    public void setReadersAbove(double readersAbove) {
        this.readersAbove = readersAbove;
    }

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
