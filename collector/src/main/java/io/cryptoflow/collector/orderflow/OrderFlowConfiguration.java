package io.cryptoflow.collector.orderflow;

import com.fasterxml.jackson.annotation.JsonMerge;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@code orderFlow:} block of the collector configuration. Defaults read the documented
 * environment variables too, so a config without this block still honours BINANCE_FUTURES_WS_URL etc.
 * A venue block in YAML is merged into its defaults: {@code bybit: {enabled: true}} keeps Bybit's URLs.
 */
public class OrderFlowConfiguration {

    private static final List<String> DEFAULT_SYMBOLS = List.of("BTCUSDT", "ETHUSDT", "SOLUSDT", "BNBUSDT");

    private boolean enabled = true;

    /** How often forming candles go to the writer (closed ones go at the next flush after closing). */
    @NotNull
    @MinDuration(value = 50, unit = TimeUnit.MILLISECONDS)
    private Duration flushInterval = Duration.seconds(2);

    /** Price level size per symbol; symbols not listed get about 1e-4 of their price (1, 2 or 5 × 10^k). */
    @NotNull
    private Map<String, BigDecimal> tickSizes = new LinkedHashMap<>(Map.of(
            "BTCUSDT", new BigDecimal("10"),
            "ETHUSDT", new BigDecimal("1"),
            "SOLUSDT", new BigDecimal("0.1"),
            "BNBUSDT", new BigDecimal("0.1")));

    /** |Σ clusters − kline volume| / kline volume above this counts as a mismatch. */
    private double klineTolerance = 1e-6;

    @Valid
    @NotNull
    private VenueConfiguration binance = new VenueConfiguration(true,
            env("BINANCE_FUTURES_WS_URL", "wss://fstream.binance.com/market"),
            env("BINANCE_FUTURES_REST_URL", "https://fapi.binance.com"),
            env("BINANCE_ARCHIVE_URL", "https://data.binance.vision"), DEFAULT_SYMBOLS, Duration.minutes(3));

    @Valid
    @NotNull
    private VenueConfiguration binanceSpot = new VenueConfiguration(false,
            env("BINANCE_SPOT_WS_URL", "wss://stream.binance.com:9443"),
            env("BINANCE_SPOT_REST_URL", "https://api.binance.com"),
            env("BINANCE_ARCHIVE_URL", "https://data.binance.vision"), DEFAULT_SYMBOLS, Duration.seconds(20));

    @Valid
    @NotNull
    private VenueConfiguration bybit = new VenueConfiguration(false,
            env("BYBIT_WS_URL", "wss://stream.bybit.com/v5/public/linear"),
            env("BYBIT_REST_URL", "https://api.bybit.com"),
            env("BYBIT_ARCHIVE_URL", "https://public.bybit.com"), DEFAULT_SYMBOLS, Duration.seconds(20));

    @Valid
    @NotNull
    private VenueConfiguration bitget = new VenueConfiguration(false,
            env("BITGET_WS_URL", "wss://ws.bitget.com/v2/ws/public"),
            env("BITGET_REST_URL", "https://api.bitget.com"),
            "", DEFAULT_SYMBOLS, Duration.seconds(20));

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    public Map<Venue, VenueConfiguration> venues() {
        Map<Venue, VenueConfiguration> m = new EnumMap<>(Venue.class);
        m.put(Venue.BINANCE_FUTURES, binance);
        m.put(Venue.BINANCE_SPOT, binanceSpot);
        m.put(Venue.BYBIT, bybit);
        m.put(Venue.BITGET, bitget);
        return m;
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
    public Duration getFlushInterval() {
        return flushInterval;
    }

    @JsonProperty
    public void setFlushInterval(Duration flushInterval) {
        this.flushInterval = flushInterval;
    }

    @JsonProperty
    public Map<String, BigDecimal> getTickSizes() {
        return tickSizes;
    }

    @JsonProperty
    public void setTickSizes(Map<String, BigDecimal> tickSizes) {
        this.tickSizes = tickSizes;
    }

    @JsonProperty
    public double getKlineTolerance() {
        return klineTolerance;
    }

    @JsonProperty
    public void setKlineTolerance(double klineTolerance) {
        this.klineTolerance = klineTolerance;
    }

    @JsonProperty
    public VenueConfiguration getBinance() {
        return binance;
    }

    @JsonProperty
    @JsonMerge
    public void setBinance(VenueConfiguration binance) {
        this.binance = binance;
    }

    @JsonProperty
    public VenueConfiguration getBinanceSpot() {
        return binanceSpot;
    }

    @JsonProperty
    @JsonMerge
    public void setBinanceSpot(VenueConfiguration binanceSpot) {
        this.binanceSpot = binanceSpot;
    }

    @JsonProperty
    public VenueConfiguration getBybit() {
        return bybit;
    }

    @JsonProperty
    @JsonMerge
    public void setBybit(VenueConfiguration bybit) {
        this.bybit = bybit;
    }

    @JsonProperty
    public VenueConfiguration getBitget() {
        return bitget;
    }

    @JsonProperty
    @JsonMerge
    public void setBitget(VenueConfiguration bitget) {
        this.bitget = bitget;
    }
}
