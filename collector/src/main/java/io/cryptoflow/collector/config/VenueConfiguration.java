package io.cryptoflow.collector.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One exchange's trade stream: where to connect, which symbols, how far back the footprint goes. */
public class VenueConfiguration {

    private boolean enabled;

    /** WebSocket base, e.g. {@code wss://fstream.binance.com/market}; the venue appends its own path. */
    @NotEmpty
    private String wsUrl;

    /** REST base for the missed-range fetch after a reconnect, e.g. {@code https://fapi.binance.com}. */
    @NotEmpty
    private String restUrl;

    /** Public trade archive base (Binance data.binance.vision, Bybit public.bybit.com); empty = none. */
    private String archiveUrl = "";

    @NotNull
    private List<@Pattern(regexp = "[A-Za-z0-9]{2,32}") String> symbols = new ArrayList<>();

    /** Days of historical footprint to import from the archive (0 = live only). */
    @Min(0)
    @Max(3650)
    private int footprintDays = 30;

    /** Client keep-alive; Bybit wants {@code {"op":"ping"}} every 20 s, Bitget the text {@code ping} every 20 s (its docs cut at 30 s of silence). */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    private Duration pingInterval = Duration.seconds(20);

    /** Reconnect on our terms before the exchange cuts the connection (Binance: 24 h). */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    private Duration plannedReconnect = Duration.hours(23);

    /**
     * Reconnect when nothing (trade, pong, server ping) arrived for this long: Binance's pre-2026-04
     * stream paths accept the connection and then stay silent, and the JDK 17 WebSocket client can
     * miss a connection cut right behind a partial frame (no onClose/onError). A needless reconnect
     * costs one REST catch-up, so this is short.
     */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    private Duration silenceTimeout = Duration.minutes(2);

    @NotNull
    private Duration minReconnectDelay = Duration.seconds(1);

    @NotNull
    private Duration maxReconnectDelay = Duration.minutes(1);

    /** Pause between REST trade pages, so catch-up leaves weight for kline sync (Binance aggTrades: weight 20). */
    @NotNull
    private Duration restPageInterval = Duration.milliseconds(1000);

    public VenueConfiguration() {
    }

    public VenueConfiguration(boolean enabled, String wsUrl, String restUrl, String archiveUrl, List<String> symbols,
                       Duration pingInterval) {
        this.enabled = enabled;
        this.wsUrl = wsUrl;
        this.restUrl = restUrl;
        this.archiveUrl = archiveUrl;
        this.symbols = new ArrayList<>(symbols);
        this.pingInterval = pingInterval;
    }

    /** An independent copy (the defaults of a venue stay untouched when a section overrides them). */
    public VenueConfiguration copy() {
        VenueConfiguration c = new VenueConfiguration(enabled, wsUrl, restUrl, archiveUrl, symbols, pingInterval);
        c.footprintDays = footprintDays;
        c.plannedReconnect = plannedReconnect;
        c.silenceTimeout = silenceTimeout;
        c.minReconnectDelay = minReconnectDelay;
        c.maxReconnectDelay = maxReconnectDelay;
        c.restPageInterval = restPageInterval;
        return c;
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
    public String getWsUrl() {
        return wsUrl;
    }

    @JsonProperty
    public void setWsUrl(String wsUrl) {
        this.wsUrl = wsUrl;
    }

    @JsonProperty
    public String getRestUrl() {
        return restUrl;
    }

    @JsonProperty
    public void setRestUrl(String restUrl) {
        this.restUrl = restUrl;
    }

    @JsonProperty
    public String getArchiveUrl() {
        return archiveUrl;
    }

    @JsonProperty
    public void setArchiveUrl(String archiveUrl) {
        this.archiveUrl = archiveUrl == null ? "" : archiveUrl;
    }

    @JsonProperty
    public List<String> getSymbols() {
        return symbols;
    }

    @JsonProperty
    public void setSymbols(List<String> symbols) {
        this.symbols = symbols;
    }

    @JsonProperty
    public int getFootprintDays() {
        return footprintDays;
    }

    @JsonProperty
    public void setFootprintDays(int footprintDays) {
        this.footprintDays = footprintDays;
    }

    @JsonProperty
    public Duration getPingInterval() {
        return pingInterval;
    }

    @JsonProperty
    public void setPingInterval(Duration pingInterval) {
        this.pingInterval = pingInterval;
    }

    @JsonProperty
    public Duration getPlannedReconnect() {
        return plannedReconnect;
    }

    @JsonProperty
    public void setPlannedReconnect(Duration plannedReconnect) {
        this.plannedReconnect = plannedReconnect;
    }

    @JsonProperty
    public Duration getSilenceTimeout() {
        return silenceTimeout;
    }

    @JsonProperty
    public void setSilenceTimeout(Duration silenceTimeout) {
        this.silenceTimeout = silenceTimeout;
    }

    @JsonProperty
    public Duration getMinReconnectDelay() {
        return minReconnectDelay;
    }

    @JsonProperty
    public void setMinReconnectDelay(Duration minReconnectDelay) {
        this.minReconnectDelay = minReconnectDelay;
    }

    @JsonProperty
    public Duration getMaxReconnectDelay() {
        return maxReconnectDelay;
    }

    @JsonProperty
    public void setMaxReconnectDelay(Duration maxReconnectDelay) {
        this.maxReconnectDelay = maxReconnectDelay;
    }

    @JsonProperty
    public Duration getRestPageInterval() {
        return restPageInterval;
    }

    @JsonProperty
    public void setRestPageInterval(Duration restPageInterval) {
        this.restPageInterval = restPageInterval;
    }
}
