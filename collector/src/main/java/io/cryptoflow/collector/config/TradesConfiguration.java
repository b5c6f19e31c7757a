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
     * Reconnect when nothing (trade, pong, server ping) arrived for this long: Binance's pre-2026-04
     * stream paths accept the connection and then stay silent, and the JDK 17 WebSocket client can
     * miss a connection cut right behind a partial frame (no onClose/onError). A needless reconnect
     * costs one REST catch-up, so this is short — but longer than the exchange's own keep-alive:
     * unset, it is the server's documented ping interval plus a minute where the server pings (Binance
     * USD-M every 3 minutes → 4 minutes, spot every 20 s → 80 s; a quiet symbol then sees only
     * pings), else 2 minutes (the client pings and the server's pongs arrive every 20 s).
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

    /** The timeout in force for an exchange whose server pings every {@code serverPing} (null: it does not). */
    public Duration silenceTimeoutFor(java.time.Duration serverPing) {
        if (silenceTimeout != null) {
            return silenceTimeout;
        }
        return serverPing == null ? DEFAULT_SILENCE_TIMEOUT
                : Duration.milliseconds(serverPing.toMillis() + SERVER_PING_MARGIN.toMilliseconds());
    }

    static final Duration DEFAULT_SILENCE_TIMEOUT = Duration.minutes(2);
    static final Duration SERVER_PING_MARGIN = Duration.minutes(1);

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
