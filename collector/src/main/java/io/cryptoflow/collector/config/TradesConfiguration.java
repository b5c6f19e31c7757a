package io.cryptoflow.collector.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.concurrent.TimeUnit;

/**
 * {@code exchanges.<type>.orderFlow}: live trades of the exchange's symbols (footprint clusters,
 * trade-derived taker volumes, sessions) and the archive backfill. Off unless switched on. An unset
 * value keeps the venue's default ({@link VenueConfiguration}; keep-alive per exchange).
 */
public class TradesConfiguration {

    private boolean enabled;

    @Min(0)
    @Max(3650)
    private Integer footprintDays;

    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    private Duration pingInterval;

    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    private Duration plannedReconnect;

    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    private Duration silenceTimeout;

    private Duration minReconnectDelay;

    private Duration maxReconnectDelay;

    private Duration restPageInterval;

    /** Applies the values set here onto the venue's defaults. */
    void applyTo(VenueConfiguration v) {
        v.setEnabled(enabled);
        if (footprintDays != null) {
            v.setFootprintDays(footprintDays);
        }
        if (pingInterval != null) {
            v.setPingInterval(pingInterval);
        }
        if (plannedReconnect != null) {
            v.setPlannedReconnect(plannedReconnect);
        }
        if (silenceTimeout != null) {
            v.setSilenceTimeout(silenceTimeout);
        }
        if (minReconnectDelay != null) {
            v.setMinReconnectDelay(minReconnectDelay);
        }
        if (maxReconnectDelay != null) {
            v.setMaxReconnectDelay(maxReconnectDelay);
        }
        if (restPageInterval != null) {
            v.setRestPageInterval(restPageInterval);
        }
    }

    @JsonProperty
    public boolean isEnabled() {
        return enabled;
    }

    @JsonProperty
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    @JsonProperty
    public void setFootprintDays(Integer footprintDays) {
        this.footprintDays = footprintDays;
    }

    @JsonProperty
    public void setPingInterval(Duration pingInterval) {
        this.pingInterval = pingInterval;
    }

    @JsonProperty
    public void setPlannedReconnect(Duration plannedReconnect) {
        this.plannedReconnect = plannedReconnect;
    }

    @JsonProperty
    public void setSilenceTimeout(Duration silenceTimeout) {
        this.silenceTimeout = silenceTimeout;
    }

    @JsonProperty
    public void setMinReconnectDelay(Duration minReconnectDelay) {
        this.minReconnectDelay = minReconnectDelay;
    }

    @JsonProperty
    public void setMaxReconnectDelay(Duration maxReconnectDelay) {
        this.maxReconnectDelay = maxReconnectDelay;
    }

    @JsonProperty
    public void setRestPageInterval(Duration restPageInterval) {
        this.restPageInterval = restPageInterval;
    }
}
