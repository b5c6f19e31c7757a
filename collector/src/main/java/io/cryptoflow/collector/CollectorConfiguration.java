package io.cryptoflow.collector;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.cryptoflow.collector.backup.BackupConfiguration;
import com.fasterxml.jackson.annotation.OptBoolean;
import io.cryptoflow.collector.config.BackfillYieldConfiguration;
import io.cryptoflow.collector.config.DepthConfiguration;
import com.fasterxml.jackson.databind.JsonNode;
import io.cryptoflow.collector.config.ExchangeConfiguration;
import io.cryptoflow.collector.exchange.ExchangeType;
import io.cryptoflow.collector.config.OrderFlowConfiguration;
import io.cryptoflow.collector.sources.klines.HistoryWindows;
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
     * market's {@code historyDays} and shortens a longer {@code footprintDays} to it
     * ({@link #resolvedExchanges}). Empty substitution leaves it null, i.e. per-market values apply.
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

    /**
     * How long an exchange that refuses this location (Binance HTTP 451, Bybit's CloudFront 403) is
     * left alone before it is asked again: hours, since it refuses as long as the collector stays where
     * it is; the markets of the other exchanges go on (issue 24, docs/operations.md).
     */
    @NotNull
    private Duration regionRefusalRetry = Duration.hours(3);

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
     * symbols once, klines and order flow switched on inside it. The keys are checked against
     * {@link ExchangeRegistry} at startup.
     */
    @Valid
    @NotNull
    private Map<String, ExchangeConfiguration> exchanges = new LinkedHashMap<>();

    /**
     * The exchange types the keys of {@code exchanges:} may name: the application's registry,
     * injected by {@link CollectorApplication#initialize} (a test's application adds its own
     * exchanges); a file read without an application is checked against the built-in ones.
     */
    @JacksonInject(useInput = OptBoolean.FALSE, optional = OptBoolean.TRUE)
    private ExchangeRegistry registry;

    /** Set when the file still has the old layout's {@code markets:} list: a startup error. */
    private boolean oldMarketsKey;

    /** Order flow settings shared by every exchange (each exchange's own are in its section). */
    @Valid
    @NotNull
    private OrderFlowConfiguration orderFlow = new OrderFlowConfiguration();

    /** The order-book heatmap (markets listed under exchanges.<type>.depth.symbols). */
    @Valid
    @NotNull
    @JsonProperty
    private DepthConfiguration depth = new DepthConfiguration();

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
        return !exchanges.isEmpty() || !oldLayoutKeys().isEmpty();
    }

    @ValidationMethod(message = "exchanges: keys must be registered exchange types: binance-futures, binance-spot,"
            + " bybit-linear, bybit-spot or bitget-futures")
    public boolean isExchangeTypesKnown() {
        return registry().names().containsAll(exchanges.keySet());
    }

    @ValidationMethod(message = "exchanges.<type>.orderFlow.enabled: this market's trades are not collected; switch it off")
    public boolean isOrderFlowOnlyWhereSupported() {
        return exchanges.entrySet().stream().noneMatch(e -> e.getValue().getOrderFlow().isEnabled()
                && registry().find(e.getKey()).filter(t -> t.trades().isEmpty()).isPresent());
    }

    /** The registry the keys are checked against. */
    public ExchangeRegistry registry() {
        return registry != null ? registry : ExchangeRegistry.BUILT_IN;
    }

    /** One clear error for a file in the old layout, naming where each of its keys goes. */
    @ValidationMethod(message = "uses the old layout (markets: and orderFlow.binance/binanceSpot/bybit/bitget), which is"
            + " no longer read; move them to one exchanges.<type> section per market, as in collector/config.yml:"
            + " markets[] with type: T -> exchanges.T (restUrl, symbols; timeframes and historyDays under klines:);"
            + " orderFlow.binance -> exchanges.binance-futures, orderFlow.binanceSpot -> exchanges.binance-spot,"
            + " orderFlow.bybit -> exchanges.bybit-linear, orderFlow.bitget -> exchanges.bitget-futures (wsUrl,"
            + " archiveUrl next to restUrl; enabled, footprintDays, pingInterval, ... under its orderFlow:);"
            + " orderFlow.enabled, flushInterval, tickSizes and klineTolerance stay under orderFlow:")
    public boolean isNewLayout() {
        return oldLayoutKeys().isEmpty();
    }

    /** The old layout's keys this file has (empty for a file in the current layout). */
    public List<String> oldLayoutKeys() {
        List<String> keys = new ArrayList<>();
        if (oldMarketsKey) {
            keys.add("markets");
        }
        keys.addAll(orderFlow.oldLayoutKeys());
        return keys;
    }

    /**
     * The sections by exchange type (an unknown key throws), with {@code historyDaysOverride}, when
     * set, bounding each footprint window too. Only a kline closes a candle, so footprint candles
     * older than the kline window would be served as forming for ever. The kline window reaches back
     * {@code N} × 24 h from now and the footprint window {@code N} whole UTC days before today, so the
     * oldest day's candles before the kline window's start stay forming, as with the shipped
     * config's 30-day 1m window and 30 footprint days. {@code N - 1} would leave none, but then
     * {@code CRYPTOFLOW_HISTORY_DAYS=1} would import no archive day at all.
     */
    public Map<ExchangeType, ExchangeConfiguration> resolvedExchanges() {
        Map<ExchangeType, ExchangeConfiguration> resolved = registry().resolve(exchanges);
        if (historyDaysOverride != null) {
            resolved.values().forEach(section -> section.getOrderFlow().limitFootprintDays(historyDaysOverride));
        }
        return resolved;
    }

    /** The section's history windows per timeframe, or {@code historyDaysOverride} for every one when set. */
    public HistoryWindows historyDaysOf(ExchangeConfiguration exchange) {
        return historyDaysOverride != null ? HistoryWindows.uniform(historyDaysOverride)
                : new HistoryWindows(exchange.getKlines().getHistoryDays(), exchange.getKlines().historyDaysPerTimeframe());
    }

    /** The section's open interest and funding window, or {@code historyDaysOverride} when set. */
    public int derivativesHistoryDaysOf(ExchangeConfiguration exchange) {
        return historyDaysOverride != null ? historyDaysOverride : exchange.getDerivatives().getHistoryDays();
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
    public Duration getRegionRefusalRetry() {
        return regionRefusalRetry;
    }

    @JsonProperty
    public void setRegionRefusalRetry(Duration regionRefusalRetry) {
        this.regionRefusalRetry = regionRefusalRetry;
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
        this.exchanges = exchanges == null ? new LinkedHashMap<>() : new LinkedHashMap<>(exchanges);
    }

    /** The old layout's {@code markets:}: only noted, for the startup error. */
    @JsonProperty("markets")
    void oldMarkets(JsonNode ignored) {
        oldMarketsKey = true;
    }

    @JsonProperty
    public OrderFlowConfiguration getOrderFlow() {
        return orderFlow;
    }

    @JsonProperty
    public void setOrderFlow(OrderFlowConfiguration orderFlow) {
        this.orderFlow = orderFlow;
    }

    public BackupConfiguration getBackup() {
        return backup;
    }

    public DepthConfiguration getDepth() {
        return depth;
    }
}
