package io.cryptoflow.collector.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The top-level {@code orderFlow:} block: settings shared by every exchange. Each exchange's trade
 * stream (URLs, symbols, keep-alive, footprint days) is in its {@code exchanges.<type>.orderFlow}.
 */
public class OrderFlowConfiguration {

    /** false switches order flow off for every exchange. */
    @JsonProperty
    private boolean enabled = true;

    /** How often forming candles go to the writer (closed ones go at the next flush after closing). */
    @NotNull
    @MinDuration(value = 50, unit = TimeUnit.MILLISECONDS)
    @JsonProperty
    private Duration flushInterval = Duration.seconds(2);

    /** Price level size per symbol; symbols not listed get about 1e-4 of their price (1, 2 or 5 × 10^k). */
    @NotNull
    @JsonProperty
    private Map<String, BigDecimal> tickSizes = new LinkedHashMap<>(Map.of(
            "BTCUSDT", new BigDecimal("10"),
            "ETHUSDT", new BigDecimal("1"),
            "SOLUSDT", new BigDecimal("0.1"),
            "BNBUSDT", new BigDecimal("0.1")));

    /** |Σ clusters − kline volume| / kline volume above this counts as a mismatch. */
    @JsonProperty
    private double klineTolerance = 1e-6;

    /**
     * How often an archive day not yet published (or published cut, or a day whose first trades the
     * stream did not see) is tried again; each day's wait doubles after every miss, up to
     * {@code archiveRetryMaxInterval}, until its file appears or it leaves the footprint window.
     */
    @NotNull
    @MinDuration(value = 50, unit = TimeUnit.MILLISECONDS)
    @JsonProperty
    private Duration archiveRetryInterval = Duration.hours(1);

    /** The longest wait between two tries of one archive day. */
    @NotNull
    @JsonProperty
    private Duration archiveRetryMaxInterval = Duration.hours(12);

    /** The old layout's per-exchange blocks this file still has (orderFlow.binance, ...): a startup error. */
    private final Set<String> oldLayoutKeys = new TreeSet<>();

    public Set<String> oldLayoutKeys() {
        return oldLayoutKeys;
    }

    @JsonProperty("binance")
    void oldBinance(JsonNode ignored) {
        oldLayoutKeys.add("orderFlow.binance");
    }

    @JsonProperty("binanceSpot")
    void oldBinanceSpot(JsonNode ignored) {
        oldLayoutKeys.add("orderFlow.binanceSpot");
    }

    @JsonProperty("bybit")
    void oldBybit(JsonNode ignored) {
        oldLayoutKeys.add("orderFlow.bybit");
    }

    @JsonProperty("bitget")
    void oldBitget(JsonNode ignored) {
        oldLayoutKeys.add("orderFlow.bitget");
    }

    public boolean isEnabled() {
        return enabled;
    }

    public Duration getFlushInterval() {
        return flushInterval;
    }

    public Map<String, BigDecimal> getTickSizes() {
        return tickSizes;
    }

    public Duration getArchiveRetryInterval() {
        return archiveRetryInterval;
    }

    public Duration getArchiveRetryMaxInterval() {
        return archiveRetryMaxInterval;
    }

    public double getKlineTolerance() {
        return klineTolerance;
    }

}
