package io.cryptoflow.collector.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptoflow.collector.exchange.Venue;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The {@code orderFlow:} block of the collector configuration. Defaults read the documented
 * environment variables too, so a config without this block still honours BINANCE_FUTURES_WS_URL etc.
 * The venue blocks (binance, binanceSpot, bybit, bitget) are the old layout, superseded by the
 * {@code exchanges:} sections; a block is merged into its defaults: {@code bybit: {enabled: true}} keeps Bybit's URLs.
 */
public class OrderFlowConfiguration {

    private static final ObjectMapper MERGE = Jackson.newObjectMapper();

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

    /** Bybit spot: only in the exchanges: layout (section bybit-spot); its own WebSocket path and archive layout. */
    private final VenueConfiguration bybitSpot = new VenueConfiguration(false,
            env("BYBIT_SPOT_WS_URL", "wss://stream.bybit.com/v5/public/spot"),
            env("BYBIT_REST_URL", "https://api.bybit.com"),
            env("BYBIT_ARCHIVE_URL", "https://public.bybit.com"), DEFAULT_SYMBOLS, Duration.seconds(20));

    @Valid
    @NotNull
    private VenueConfiguration bitget = new VenueConfiguration(false,
            env("BITGET_WS_URL", "wss://ws.bitget.com/v2/ws/public"),
            env("BITGET_REST_URL", "https://api.bitget.com"),
            "", DEFAULT_SYMBOLS, Duration.seconds(20));

    /** Old-layout venue keys this file set (orderFlow.binance, ...), for the startup check. */
    private final Set<String> legacyVenueKeys = new TreeSet<>();

    /** The venues built from {@code exchanges:}; null = the old layout's blocks below apply. */
    private Map<Venue, VenueConfiguration> fromExchanges;

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    public Map<Venue, VenueConfiguration> venues() {
        if (fromExchanges != null) {
            return fromExchanges;
        }
        return defaultVenues();
    }

    /** Every venue with its defaults (or the old layout's block): the base an exchanges section overrides. */
    public Map<Venue, VenueConfiguration> defaultVenues() {
        Map<Venue, VenueConfiguration> m = new EnumMap<>(Venue.class);
        m.put(Venue.BINANCE_FUTURES, binance);
        m.put(Venue.BINANCE_SPOT, binanceSpot);
        m.put(Venue.BYBIT, bybit);
        m.put(Venue.BYBIT_SPOT, bybitSpot);
        m.put(Venue.BITGET, bitget);
        return m;
    }

    /** Replaces the old layout's venue blocks with the ones built from {@code exchanges:}. */
    public void useExchanges(Map<Venue, VenueConfiguration> venues) {
        this.fromExchanges = Map.copyOf(venues);
    }

    public Set<String> legacyVenueKeys() {
        return legacyVenueKeys;
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

    /** Old layout: merged into the venue's defaults ({@code bybit: {enabled: true}} keeps Bybit's URLs). */
    @JsonSetter("binance")
    public void mergeBinance(JsonNode block) throws IOException {
        legacyVenueKeys.add("orderFlow.binance");
        this.binance = MERGE.readerForUpdating(binance).readValue(block);
    }

    @JsonProperty
    public VenueConfiguration getBinanceSpot() {
        return binanceSpot;
    }

    /** Old layout: merged into the venue's defaults ({@code bybit: {enabled: true}} keeps Bybit's URLs). */
    @JsonSetter("binanceSpot")
    public void mergeBinanceSpot(JsonNode block) throws IOException {
        legacyVenueKeys.add("orderFlow.binanceSpot");
        this.binanceSpot = MERGE.readerForUpdating(binanceSpot).readValue(block);
    }

    @JsonProperty
    public VenueConfiguration getBybit() {
        return bybit;
    }

    /** Old layout: merged into the venue's defaults ({@code bybit: {enabled: true}} keeps Bybit's URLs). */
    @JsonSetter("bybit")
    public void mergeBybit(JsonNode block) throws IOException {
        legacyVenueKeys.add("orderFlow.bybit");
        this.bybit = MERGE.readerForUpdating(bybit).readValue(block);
    }

    @JsonProperty
    public VenueConfiguration getBitget() {
        return bitget;
    }

    /** Old layout: merged into the venue's defaults ({@code bybit: {enabled: true}} keeps Bybit's URLs). */
    @JsonSetter("bitget")
    public void mergeBitget(JsonNode block) throws IOException {
        legacyVenueKeys.add("orderFlow.bitget");
        this.bitget = MERGE.readerForUpdating(bitget).readValue(block);
    }
}
