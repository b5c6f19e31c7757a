package io.cryptoflow.collector;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.cryptoflow.collector.backup.BackupConfiguration;
import io.cryptoflow.collector.config.BackfillYieldConfiguration;
import io.cryptoflow.collector.config.ExchangeConfiguration;
import io.cryptoflow.collector.config.MarketConfiguration;
import io.cryptoflow.collector.config.OrderFlowConfiguration;
import io.cryptoflow.collector.config.VenueConfiguration;
import io.cryptoflow.collector.exchange.Markets;
import io.cryptoflow.collector.exchange.Venue;
import io.cryptoflow.collector.store.TombstoneRetention;
import io.dropwizard.core.Configuration;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

public class CollectorConfiguration extends Configuration {

    /** Directory holding collector.db. */
    @NotEmpty
    private String dataDir = "./data";

    /**
     * When set (YAML {@code historyDaysOverride: ${CRYPTOFLOW_HISTORY_DAYS:-}}), replaces every
     * market's {@code historyDays}. Empty substitution leaves it null, i.e. per-market values apply.
     */
    @Min(1)
    @Max(36500)
    private Integer historyDaysOverride;

    @NotNull
    @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
    private Duration syncInterval = Duration.seconds(10);

    /** How many of the newest candles (forming one included) each sync pass re-fetches. */
    @Min(2)
    @Max(1000)
    private int syncCandles = 3;

    /** Bounded writer queue: producers block when this many batches wait. */
    @Min(1)
    private int writerQueueCapacity = 64;

    /**
     * How long tombstones of deleted rows are kept (from the deleting commit). A replica further
     * behind than this cannot follow deletions incrementally and takes a snapshot.
     */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MINUTES)
    private Duration tombstoneRetention = Duration.days(7);

    /** How often the writer prunes tombstones older than {@code tombstoneRetention}. */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    private Duration tombstonePruneInterval = Duration.hours(1);

    /** Timeout of one exchange HTTP request. */
    @NotNull
    private Duration requestTimeout = Duration.seconds(20);

    /** Wait before retrying a page that failed (malformed answer, 5xx, network error). */
    @NotNull
    private Duration retryDelay = Duration.seconds(5);

    /** Longest wait between retries of a failing page (exponential backoff with jitter). */
    @NotNull
    private Duration maxRetryDelay = Duration.minutes(5);

    /** How often each market re-checks its whole window for missing candles. */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    private Duration gapCheckInterval = Duration.hours(1);

    /** History pages wait while other processes keep the machine's CPU busy (readers first). */
    @Valid
    @NotNull
    private BackfillYieldConfiguration backfillYield = new BackfillYieldConfiguration();

    /** The scheduled restore drill of the Litestream backup ({@code backup:}). */
    @Valid
    @NotNull
    @JsonProperty
    private BackupConfiguration backup = new BackupConfiguration();

    /**
     * One section per exchange market, keyed by its type ({@code binance-futures}, ...): URLs and
     * symbols once, klines and order flow switched on inside it.
     */
    @Valid
    @NotNull
    private Map<String, ExchangeConfiguration> exchanges = new LinkedHashMap<>();

    /** The old layout's kline markets; still read when {@code exchanges:} is absent. */
    @Valid
    @NotNull
    private List<MarketConfiguration> markets = new ArrayList<>();

    /** Live trades, footprint clusters, trade-derived buy/sell, archives and daily sessions. */
    @Valid
    @NotNull
    private OrderFlowConfiguration orderFlow = new OrderFlowConfiguration();

    @JsonProperty
    public String getDataDir() {
        return dataDir;
    }

    @JsonProperty
    public void setDataDir(String dataDir) {
        this.dataDir = dataDir;
    }

    public Path collectorDb() {
        return Path.of(dataDir).resolve("collector.db");
    }

    @JsonProperty
    public Integer getHistoryDaysOverride() {
        return historyDaysOverride;
    }

    @JsonProperty
    public void setHistoryDaysOverride(Integer historyDaysOverride) {
        this.historyDaysOverride = historyDaysOverride;
    }

    @ValidationMethod(message = "exchanges: must name at least one exchange market (binance-futures, binance-spot,"
            + " bybit-linear, bybit-spot, bitget-futures)")
    public boolean isAnyMarketConfigured() {
        return !exchanges.isEmpty() || !markets.isEmpty();
    }

    @ValidationMethod(message = "exchanges: keys must be binance-futures, binance-spot, bybit-linear, bybit-spot or"
            + " bitget-futures")
    public boolean isExchangeTypesKnown() {
        return exchanges.keySet().stream().allMatch(Markets::isKnown);
    }

    @ValidationMethod(message = "exchanges.<type>.orderFlow.enabled: this market's trades are not collected; switch it off")
    public boolean isOrderFlowOnlyWhereSupported() {
        return exchanges.entrySet().stream().noneMatch(e -> e.getValue().getOrderFlow().isEnabled()
                && Markets.isKnown(e.getKey()) && Markets.tradeVenue(e.getKey()).isEmpty());
    }

    /**
     * Old files (markets: and orderFlow.binance/binanceSpot/bybit/bitget) keep working alone; next to
     * exchanges: they would say the same thing twice, so startup stops and names them.
     */
    @ValidationMethod(message = "mixes the old layout with exchanges:; move markets: entries (restUrl, symbols;"
            + " timeframes and historyDays under klines:) and orderFlow.binance/binanceSpot/bybit/bitget (wsUrl,"
            + " archiveUrl; the rest under orderFlow:) into exchanges.<type>, as in collector/config.yml")
    public boolean isOneLayout() {
        return exchanges.isEmpty() || (markets.isEmpty() && orderFlow.legacyVenueKeys().isEmpty());
    }

    /** The old layout keys this file uses (empty for a file with exchanges:), for a startup warning. */
    public List<String> legacyLayoutKeys() {
        List<String> keys = new ArrayList<>();
        if (exchanges.isEmpty() && !markets.isEmpty()) {
            keys.add("markets");
        }
        if (exchanges.isEmpty()) {
            keys.addAll(orderFlow.legacyVenueKeys());
        }
        return keys;
    }

    @ValidationMethod(message = "markets must not list the same type twice")
    public boolean isMarketTypesUnique() {
        return markets == null || markets.stream().map(m -> String.valueOf(m.getType()).toLowerCase(java.util.Locale.ROOT))
                .distinct().count() == markets.size();
    }

    public int historyDaysOf(MarketConfiguration market) {
        return historyDaysOverride != null ? historyDaysOverride : market.getHistoryDays();
    }

    @JsonProperty
    public Duration getSyncInterval() {
        return syncInterval;
    }

    @JsonProperty
    public void setSyncInterval(Duration syncInterval) {
        this.syncInterval = syncInterval;
    }

    @JsonProperty
    public int getSyncCandles() {
        return syncCandles;
    }

    @JsonProperty
    public void setSyncCandles(int syncCandles) {
        this.syncCandles = syncCandles;
    }

    @JsonProperty
    public int getWriterQueueCapacity() {
        return writerQueueCapacity;
    }

    @JsonProperty
    public void setWriterQueueCapacity(int writerQueueCapacity) {
        this.writerQueueCapacity = writerQueueCapacity;
    }

    @JsonProperty
    public Duration getTombstoneRetention() {
        return tombstoneRetention;
    }

    @JsonProperty
    public void setTombstoneRetention(Duration tombstoneRetention) {
        this.tombstoneRetention = tombstoneRetention;
    }

    @JsonProperty
    public Duration getTombstonePruneInterval() {
        return tombstonePruneInterval;
    }

    @JsonProperty
    public void setTombstonePruneInterval(Duration tombstonePruneInterval) {
        this.tombstonePruneInterval = tombstonePruneInterval;
    }

    public TombstoneRetention tombstoneRetentionSettings() {
        return new TombstoneRetention(java.time.Duration.ofMillis(tombstoneRetention.toMilliseconds()),
                java.time.Duration.ofMillis(tombstonePruneInterval.toMilliseconds()));
    }

    @JsonProperty
    public Duration getRequestTimeout() {
        return requestTimeout;
    }

    @JsonProperty
    public void setRequestTimeout(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    @JsonProperty
    public Duration getRetryDelay() {
        return retryDelay;
    }

    @JsonProperty
    public void setRetryDelay(Duration retryDelay) {
        this.retryDelay = retryDelay;
    }

    @JsonProperty
    public Duration getMaxRetryDelay() {
        return maxRetryDelay;
    }

    @JsonProperty
    public void setMaxRetryDelay(Duration maxRetryDelay) {
        this.maxRetryDelay = maxRetryDelay;
    }

    @JsonProperty
    public Duration getGapCheckInterval() {
        return gapCheckInterval;
    }

    @JsonProperty
    public void setGapCheckInterval(Duration gapCheckInterval) {
        this.gapCheckInterval = gapCheckInterval;
    }

    @JsonProperty
    public BackfillYieldConfiguration getBackfillYield() {
        return backfillYield;
    }

    @JsonProperty
    public void setBackfillYield(BackfillYieldConfiguration backfillYield) {
        this.backfillYield = backfillYield;
    }

    @JsonProperty
    public Map<String, ExchangeConfiguration> getExchanges() {
        return exchanges;
    }

    @JsonProperty
    public void setExchanges(Map<String, ExchangeConfiguration> exchanges) {
        this.exchanges = exchanges == null ? new LinkedHashMap<>() : exchanges;
    }

    /** The kline markets: one per {@code exchanges:} section, or the old layout's {@code markets:}. */
    @JsonProperty
    public List<MarketConfiguration> getMarkets() {
        if (exchanges.isEmpty()) {
            return markets;
        }
        List<MarketConfiguration> derived = new ArrayList<>();
        exchanges.forEach((type, e) -> derived.add(e.toMarket(type)));
        return derived;
    }

    @JsonProperty
    public void setMarkets(List<MarketConfiguration> markets) {
        this.markets = markets;
    }

    /**
     * Order flow's global settings and its venues: from the {@code exchanges:} sections (each over its
     * venue's defaults; a venue without a section is off), or the old layout's blocks.
     */
    @JsonProperty
    public OrderFlowConfiguration getOrderFlow() {
        if (!exchanges.isEmpty()) {
            Map<Venue, VenueConfiguration> defaults = orderFlow.defaultVenues();
            Map<Venue, VenueConfiguration> venues = new EnumMap<>(Venue.class);
            defaults.forEach((venue, v) -> {
                VenueConfiguration off = v.copy();
                off.setEnabled(false);
                venues.put(venue, off);
            });
            exchanges.forEach((type, e) -> Markets.tradeVenue(type)
                    .ifPresent(venue -> venues.put(venue, e.toVenue(defaults.get(venue)))));
            orderFlow.useExchanges(venues);
        }
        return orderFlow;
    }

    @JsonProperty
    public void setOrderFlow(OrderFlowConfiguration orderFlow) {
        this.orderFlow = orderFlow;
    }

    public BackupConfiguration getBackup() {
        return backup;
    }
}
