package io.cryptoflow.api.live;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** The {@code live:} block: WebSocket push at {@code /ws}. */
public class LiveConfiguration {

    /** How often the one change poller checks cf_replica.source_rev. */
    @NotNull
    private Duration pollInterval = Duration.milliseconds(250);

    @Min(1)
    @Max(256)
    private int maxSubscriptionsPerConnection = 16;

    /** Bytes of messages a client may have queued but not yet written before it is dropped as too slow. */
    @NotNull
    private DataSize maxPendingBytes = DataSize.mebibytes(8);

    /** Largest accepted client frame; larger frames close the connection (1009). */
    @NotNull
    private DataSize maxIncomingMessageSize = DataSize.kibibytes(4);

    @Min(1)
    @Max(5000)
    private int historyLimit = 1000;

    @NotNull
    private Duration idleTimeout = Duration.minutes(10);

    @JsonProperty
    public Duration getPollInterval() {
        return pollInterval;
    }

    @JsonProperty
    public void setPollInterval(Duration pollInterval) {
        this.pollInterval = pollInterval;
    }

    @JsonProperty
    public int getMaxSubscriptionsPerConnection() {
        return maxSubscriptionsPerConnection;
    }

    @JsonProperty
    public void setMaxSubscriptionsPerConnection(int maxSubscriptionsPerConnection) {
        this.maxSubscriptionsPerConnection = maxSubscriptionsPerConnection;
    }

    @JsonProperty
    public DataSize getMaxPendingBytes() {
        return maxPendingBytes;
    }

    @JsonProperty
    public void setMaxPendingBytes(DataSize maxPendingBytes) {
        this.maxPendingBytes = maxPendingBytes;
    }

    @JsonProperty
    public DataSize getMaxIncomingMessageSize() {
        return maxIncomingMessageSize;
    }

    @JsonProperty
    public void setMaxIncomingMessageSize(DataSize maxIncomingMessageSize) {
        this.maxIncomingMessageSize = maxIncomingMessageSize;
    }

    @JsonProperty
    public int getHistoryLimit() {
        return historyLimit;
    }

    @JsonProperty
    public void setHistoryLimit(int historyLimit) {
        this.historyLimit = historyLimit;
    }

    @JsonProperty
    public Duration getIdleTimeout() {
        return idleTimeout;
    }

    @JsonProperty
    public void setIdleTimeout(Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
    }
}
