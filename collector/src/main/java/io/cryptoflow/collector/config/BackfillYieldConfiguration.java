package io.cryptoflow.collector.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/**
 * {@code backfillYield}: history pages give the API's readers part of their time while those readers
 * wait on it — requests queued for a build slot or in flight beyond the API's cores, read from
 * {@code readersUrl}: pressure 0 at {@code readersAbove} waiting on average, 1 at {@code readersFull};
 * each page then pauses so the backfill yields {@code maxYieldShare × pressure} of its time, each
 * pause at most {@code maxWait}. A poll that takes longer than {@code readersTimeout} counts as full
 * pressure for up to 30 s (an API too busy to answer); when the API cannot be reached, other
 * processes keeping more than {@code othersCpuAbove} of the CPU busy count as full pressure.
 * {@code maxWait: 0s} or {@code maxYieldShare: 0} switches it off. Live candles never wait.
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

    /** Mean API requests waiting at or below which readers do not count as waiting (pressure 0). */
    @DecimalMin("0")
    private double readersAbove = 0.25;

    /** Mean API requests waiting from which the pressure is full (the whole {@code maxYieldShare}). */
    @DecimalMin("0.1")
    private double readersFull = 4;

    /** The most of its time the backfill gives the readers: it always keeps the rest. */
    @DecimalMin("0")
    @DecimalMax("0.9")
    private double maxYieldShare = 0.3;

    @NotNull
    @MaxDuration(value = 10, unit = TimeUnit.SECONDS)
    private Duration readersTimeout = Duration.milliseconds(500);

    @JsonProperty
    public double getReadersFull() {
        return readersFull;
    }

    @JsonProperty
    public void setReadersFull(double readersFull) {
        this.readersFull = readersFull;
    }

    @JsonProperty
    public double getMaxYieldShare() {
        return maxYieldShare;
    }

    @JsonProperty
    public void setMaxYieldShare(double maxYieldShare) {
        this.maxYieldShare = maxYieldShare;
    }

    @JsonProperty
    public Duration getReadersTimeout() {
        return readersTimeout;
    }

    @JsonProperty
    public void setReadersTimeout(Duration readersTimeout) {
        this.readersTimeout = readersTimeout;
    }

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
