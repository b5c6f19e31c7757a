package io.cryptoflow.collector;

import io.cryptoflow.collector.aggregation.LiquidationRecorder;
import io.cryptoflow.collector.aggregation.TickSizes;
import io.cryptoflow.collector.aggregation.TradeRecorder;
import io.cryptoflow.collector.backup.BackupDrills;
import com.fasterxml.jackson.databind.InjectableValues;
import io.cryptoflow.collector.cli.ImportLegacyCommand;
import io.cryptoflow.collector.config.ExchangeConfiguration;
import io.cryptoflow.collector.exchange.ExchangeType;
import io.cryptoflow.collector.exchange.Market;
import io.cryptoflow.collector.exchange.RateGates;
import io.cryptoflow.collector.health.ExchangeAccess;
import io.cryptoflow.collector.health.DepthHealthCheck;
import io.cryptoflow.collector.health.DerivativesHealthCheck;
import io.cryptoflow.collector.health.SyncAgeHealthCheck;
import io.cryptoflow.collector.health.TradeStreamHealthCheck;
import io.cryptoflow.collector.health.WriterHealthCheck;
import io.cryptoflow.collector.load.BackfillYield;
import io.cryptoflow.collector.load.BackfillYields;
import io.cryptoflow.collector.resources.ProgressResource;
import io.cryptoflow.collector.sources.klines.CollectorService;
import io.cryptoflow.collector.sources.klines.ConfiguredMarkets;
import io.cryptoflow.collector.sources.klines.KlineClient;
import io.cryptoflow.collector.sources.klines.MarketWorker;
import io.cryptoflow.collector.sources.klines.ProgressTracker;
import io.cryptoflow.collector.sources.klines.WorkerSettings;
import io.cryptoflow.collector.sources.depth.DepthService;
import io.cryptoflow.collector.sources.derivatives.DerivativesService;
import io.cryptoflow.collector.sources.trades.OrderFlowService;
import io.cryptoflow.collector.store.CandleSink;
import io.cryptoflow.collector.store.SqliteCandleWriter;
import io.cryptoflow.collector.store.SqliteFootprintLedger;
import io.cryptoflow.collector.store.SqliteNoDataLedger;
import io.cryptoflow.collector.store.StoredCandles;
import io.cryptoflow.collector.store.StoredTrades;
import io.cryptoflow.collector.store.StoredDerivatives;
import io.cryptoflow.collector.tasks.BackfillTask;
import io.cryptoflow.collector.tasks.PurgeTask;
import io.cryptoflow.collector.tasks.RecheckGapsTask;
import io.cryptoflow.collector.tasks.ReconnectTradeStreamsTask;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.ThreadPools;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.dropwizard.DropwizardExports;
import io.prometheus.client.servlet.jakarta.exporter.MetricsServlet;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public class CollectorApplication extends Application<CollectorConfiguration> {

    private static final Logger LOG = LoggerFactory.getLogger(CollectorApplication.class);

    private static final Duration PURGE_TIMEOUT = Duration.ofMinutes(10);
    /** Liquidations and each market's connected range go to the writer once a second (one revision per market with news). */
    private static final long LIQUIDATION_FLUSH_MILLIS = 1_000;

    private final ExchangeRegistry registry;
    private SqliteCandleWriter writer;
    private CollectorService service;

    public CollectorApplication() {
        this(ExchangeRegistry.BUILT_IN);
    }

    /** @param registry the exchange types its configuration may name (a test adds its own) */
    public CollectorApplication(ExchangeRegistry registry) {
        this.registry = registry;
    }

    public static void main(String[] args) throws Exception {
        new CollectorApplication().run(args);
    }

    @Override
    public String getName() {
        return "cryptoflow-collector";
    }

    @Override
    public void initialize(Bootstrap<CollectorConfiguration> bootstrap) {
        bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
                bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
        bootstrap.addCommand(new ImportLegacyCommand());
        // the configuration's exchanges: keys are validated against this application's registry
        bootstrap.getObjectMapper().setInjectableValues(new InjectableValues.Std().addValue(ExchangeRegistry.class, registry));
    }

    @Override
    public void run(CollectorConfiguration config, Environment environment) {
        // Resolved once: every part below gets the same sections (an unknown key stops startup here).
        Map<ExchangeType, ExchangeConfiguration> exchanges = config.resolvedExchanges();
        // Every pool comes from the lifecycle, built before the objects using it are managed, so it
        // is shut down after they stopped.
        ThreadPools pools = ThreadPools.lifecycle(environment.lifecycle());
        writer = new SqliteCandleWriter(config.collectorDb(), config.getWriterQueueCapacity(), environment.metrics(),
                System::currentTimeMillis, config.tombstoneRetentionSettings(), pools);
        StoredCandles stored = new StoredCandles(config.collectorDb());
        SqliteNoDataLedger noData = new SqliteNoDataLedger(writer, config.collectorDb());
        ProgressTracker progress = new ProgressTracker(environment.metrics());
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofMillis(config.getRequestTimeout().toMilliseconds()))
                .followRedirects(HttpClient.Redirect.NEVER)
                // The client's async work (responses, WebSocket frames) on a lifecycle pool too.
                .executor(pools.elastic("collector-http"))
                .build();
        WorkerSettings settings = new WorkerSettings(config.getSyncInterval().toMilliseconds(),
                config.getSyncCandles(), config.getRetryDelay().toMilliseconds(),
                config.getMaxRetryDelay().toMilliseconds(), config.getGapCheckInterval().toMilliseconds());

        // One gate per exchange for klines and the trade catch-up: bans and weight are per IP.
        RateGates gates = new RateGates(config.getRegionRefusalRetry().toMilliseconds());
        Map<ExchangeConfiguration, Market> markets = new LinkedHashMap<>();
        exchanges.forEach((type, section) -> {
            if (section.getKlines().isEnabled()) {
                Market market = type.market(section.getRestUrl());
                gates.of(market.exchange(), market.rateLimitRules());
                markets.put(section, market);
            }
        });
        OrderFlowService orderFlow = new OrderFlowService(config.getOrderFlow(), exchanges, writer, environment.metrics(), http,
                Clock.systemUTC(), gates, pools).withLedger(new SqliteFootprintLedger(config.collectorDb()));
        TradeRecorder tradeRecorder = TradeRecorders.of(config, exchanges, writer, pools);
        // a restart fetches the trades missed while stopped, from where collector.db's trades end
        orderFlow.withTradeRecorder(tradeRecorder).withStoredTrades(new StoredTrades(config.collectorDb()));
        // liquidations ride on the trade connections (Binance USD-M forceOrder, Bybit linear allLiquidation)
        LiquidationRecorder liquidationRecorder = new LiquidationRecorder(writer, System::currentTimeMillis, pools,
                LIQUIDATION_FLUSH_MILLIS);
        orderFlow.withLiquidationRecorder(liquidationRecorder);
        DerivativesService derivatives = new DerivativesService(exchanges, config::derivativesHistoryDaysOf, writer,
                new StoredDerivatives(config.collectorDb()), gates, http,
                Duration.ofMillis(config.getRequestTimeout().toMilliseconds()), pools, System::currentTimeMillis);
        // order books of the markets listed under exchanges.<type>.depth.symbols, sampled into the heatmap
        DepthService depth = new DepthService(config.getDepth(), exchanges,
                new TickSizes(config.getOrderFlow().getTickSizes()), writer, gates, http, environment.metrics(), pools,
                System::currentTimeMillis);
        // Closed klines pass through the cross-check against the footprint's summed trade volume.
        CandleSink klineSink = orderFlow.crossCheckingSink(writer);

        BackfillYield backfillYield = BackfillYields.of(config.getBackfillYield(), environment.metrics(), pools);
        List<MarketWorker> workers = new ArrayList<>();
        for (Map.Entry<ExchangeConfiguration, Market> e : markets.entrySet()) {
            ExchangeConfiguration m = e.getKey();
            Market market = e.getValue();
            KlineClient client = new KlineClient(market, gates.of(market.exchange(), market.rateLimitRules()), http,
                    Duration.ofMillis(config.getRequestTimeout().toMilliseconds()), environment.metrics(),
                    System::currentTimeMillis);
            workers.add(new MarketWorker(client, klineSink, stored, noData, progress, m.normalizedSymbols(),
                    m.getKlines().parsedTimeframes(), config.historyDaysOf(m), settings, System::currentTimeMillis).yieldingTo(backfillYield));
        }
        service = new CollectorService(workers, pools);

        // Registration order matters: stopped in reverse, so kline workers and the trade streams
        // (whose last flush must still be written) stop before the writer drains its queue.
        environment.lifecycle().manage(writer);
        // what this configuration collects, for the API to tell "not yet backfilled" from "unknown" or "switched off"
        environment.lifecycle().manage(new ConfiguredMarkets(writer, workers, ConfiguredKinds.of(config, exchanges)));
        environment.lifecycle().manage(backfillYield);
        environment.lifecycle().manage(tradeRecorder);
        environment.lifecycle().manage(liquidationRecorder);
        environment.lifecycle().manage(orderFlow);
        environment.lifecycle().manage(service);
        environment.lifecycle().manage(derivatives);
        environment.lifecycle().manage(depth);

        long maxSyncAge = Math.max(60_000, 6 * config.getSyncInterval().toMilliseconds());
        environment.healthChecks().register("writer", new WriterHealthCheck(writer));
        environment.healthChecks().register("sync", new SyncAgeHealthCheck(service, maxSyncAge, System::currentTimeMillis));
        ExchangeAccess access = new ExchangeAccess(exchanges, gates);
        access.registerGauges(environment.metrics());
        environment.jersey().register(new ProgressResource(progress,
                () -> service.workers().stream().allMatch(MarketWorker::isBackfilled) && derivatives.isBackfilled(),
                access::states, orderFlow::footprintMissing, derivatives.progress()).withDepth(depth::statuses));
        environment.healthChecks().register("depth", new DepthHealthCheck(depth::statuses));
        environment.admin().addTask(new BackfillTask(service));
        environment.admin().addTask(new RecheckGapsTask(service, noData));
        environment.admin().addTask(new PurgeTask(writer, collectedSymbols(workers, config.getOrderFlow().isEnabled(), exchanges), PURGE_TIMEOUT));
        environment.healthChecks().register("derivatives", new DerivativesHealthCheck(derivatives.progress()));
        environment.healthChecks().register("trade-streams", new TradeStreamHealthCheck(orderFlow.streams()));
        environment.admin().addTask(new ReconnectTradeStreamsTask(orderFlow.streams()));
        BackupDrills.register(config.getBackup(), config.collectorDb(), environment, pools);

        // The same registry in the Prometheus text format, for the usual monitoring stack.
        CollectorRegistry prometheus = new CollectorRegistry();
        prometheus.register(new DropwizardExports(environment.metrics()));
        environment.admin().addServlet("prometheus", new MetricsServlet(prometheus)).addMapping("/prometheus");
    }

    /** What this configuration keeps fetching: kline markets and, when order flow is on, its trade streams. */
    static Set<MarketSymbol> collectedSymbols(List<MarketWorker> workers, boolean orderFlowOn,
                                              Map<ExchangeType, ExchangeConfiguration> exchanges) {
        Set<MarketSymbol> symbols = new HashSet<>();
        for (MarketWorker w : workers) {
            w.symbols().forEach(s -> symbols.add(MarketSymbol.of(w.exchange(), s)));
        }
        if (orderFlowOn) {
            exchanges.forEach((type, section) -> {
                if (section.getOrderFlow().isEnabled()) {
                    section.getSymbols().forEach(s -> MarketSymbol.tryOf(type.exchange(), s).ifPresent(symbols::add));
                }
            });
        }
        return symbols;
    }

    /** The running writer, for tests and commands; null before {@link #run}. */
    public SqliteCandleWriter writer() {
        return writer;
    }

    public CollectorService service() {
        return service;
    }
}
