package io.cryptoflow.collector.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/**
 * {@code exchanges.<type>.orderFlow}: live trades of the exchange's symbols (footprint clusters,
 * trade-derived taker volumes, sessions) and the archive backfill. Off unless switched on.
 */
public class TradesConfiguration {

    @JsonProperty
    private boolean enabled;

    /** Days of historical footprint to import from the archive (0 = live only). */
    @Min(0)
    @Max(3650)
    @JsonProperty
    private int footprintDays = 30;

    /**
     * Days of raw trades kept (served by the API's {@code /api/trades}); whole UTC days are dropped
     * once they are older, so up to one day more is held. 0 = raw trades are not kept.
     */
    @Min(0)
    @Max(3650)
    @JsonProperty
    private int tradeRetentionDays = 7;

    /**
     * Client keep-alive; unset = the exchange's own ({@code ExchangeType#pingInterval}: Bybit wants
     * {@code {"op":"ping"}} every 20 s, Bitget the text {@code ping} every 20 s, Binance pings us).
     */
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration pingInterval;

    /** Reconnect on our terms before the exchange cuts the connection (Binance: 24 h). */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration plannedReconnect = Duration.hours(23);

    /**
     * Reconnect when nothing (trade, ping, pong) arrived for this long. The connection is probed at
     * half of it (the exchange's text ping, or a WebSocket ping frame), so a live connection on a
     * quiet market always answers in time, and a dead one is found within it: the JDK 17 WebSocket
     * client can miss a connection cut right behind a message (no onClose/onError, see
     * {@code LivenessWatch}). A connection that answers pings but carries no trade is not dead: a
     * market may trade nothing for minutes. Unset: {@link #DEFAULT_SILENCE_TIMEOUT}.
     */
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration silenceTimeout;

    @NotNull
    @JsonProperty
    private Duration minReconnectDelay = Duration.seconds(1);

    @NotNull
    @JsonProperty
    private Duration maxReconnectDelay = Duration.minutes(1);

    /** Pause between REST trade pages, so catch-up leaves weight for kline sync (Binance aggTrades: weight 20). */
    @NotNull
    @JsonProperty
    private Duration restPageInterval = Duration.milliseconds(1000);

    public boolean isEnabled() {
        return enabled;
    }

    public int getFootprintDays() {
        return footprintDays;
    }

    /** Shortens the footprint window to at most {@code days} (a longer one is left as it is). */
    public void limitFootprintDays(int days) {
        footprintDays = Math.min(footprintDays, days);
    }

    public int getTradeRetentionDays() {
        return tradeRetentionDays;
    }

    /** The configured keep-alive, null = the exchange's own. */
    public Duration getPingInterval() {
        return pingInterval;
    }

    public Duration getPlannedReconnect() {
        return plannedReconnect;
    }

    /** The configured timeout, or null (see {@link #silenceTimeoutFor}). */
    public Duration getSilenceTimeout() {
        return silenceTimeout;
    }

    /** The timeout in force: the configured one, else {@link #DEFAULT_SILENCE_TIMEOUT}. */
    public Duration silenceTimeout() {
        return silenceTimeout != null ? silenceTimeout : DEFAULT_SILENCE_TIMEOUT;
    }

    /** Probe after 15 s of quiet, and give the pong 10-15 s more (Bitget: reconnect without a pong within 30 s). */
    static final Duration DEFAULT_SILENCE_TIMEOUT = Duration.seconds(30);

    public Duration getMinReconnectDelay() {
        return minReconnectDelay;
    }

    public Duration getMaxReconnectDelay() {
        return maxReconnectDelay;
    }

    public Duration getRestPageInterval() {
        return restPageInterval;
    }

}
