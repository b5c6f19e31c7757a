package io.cryptoflow.api;

import io.cryptoflow.api.core.CandleReader;
import io.cryptoflow.api.core.BuildGate;
import io.cryptoflow.api.core.DepthChunks;
import io.cryptoflow.api.core.DepthPages;
import io.cryptoflow.api.core.EmptyAnswers;
import io.cryptoflow.api.core.DepthReader;
import io.cryptoflow.api.core.ReplicaStatus;
import io.cryptoflow.api.core.TradeReader;
import io.cryptoflow.api.core.HttpWarmup;
import io.cryptoflow.api.core.JitQuiet;
import io.cryptoflow.api.core.StartupWarmup;
import io.cryptoflow.api.core.WarmupConnector;
import io.cryptoflow.api.core.HistoryPrefetch;
import io.cryptoflow.api.core.SymbolCatalog;
import io.cryptoflow.api.db.ApiDatabase;
import io.cryptoflow.api.db.ReadOnlyDataSourceFactory;
import io.cryptoflow.api.filters.CorsFilter;
import io.cryptoflow.api.filters.RequestIdFilter;
import io.cryptoflow.api.filters.ReaderLoad;
import io.cryptoflow.api.health.ReplicaHealthCheck;
import io.cryptoflow.api.health.WarmupHealthCheck;
import io.cryptoflow.api.live.DepthHub;
import io.cryptoflow.api.live.EventFeed;
import io.cryptoflow.api.live.EventHub;
import io.cryptoflow.api.live.LiveConfiguration;
import io.cryptoflow.api.live.LiveHub;
import io.cryptoflow.api.live.LiveMessages;
import io.cryptoflow.api.live.LiveSocket;
import io.cryptoflow.api.resources.BadParameterExceptionMapper;
import io.cryptoflow.api.tasks.PurgeReadPoolTask;
import io.cryptoflow.api.resources.CandleServlet;
import io.cryptoflow.api.resources.DatabaseBusyExceptionMapper;
import io.cryptoflow.api.resources.NotCollectedExceptionMapper;
import io.cryptoflow.api.resources.ReplicaNotReadyExceptionMapper;
import io.cryptoflow.api.resources.DepthResource;
import io.cryptoflow.api.resources.FundingResource;
import io.cryptoflow.api.resources.JsonErrorHandler;
import io.cryptoflow.api.resources.LiquidationResource;
import io.cryptoflow.api.resources.OpenInterestResource;
import io.cryptoflow.api.resources.SessionResource;
import io.cryptoflow.api.resources.TradeResource;
import io.cryptoflow.api.resources.TradeWindowExceptionMapper;
import io.cryptoflow.api.resources.StatusResource;
import io.cryptoflow.api.resources.SymbolResource;
import io.cryptoflow.api.resources.UnknownSymbolExceptionMapper;
import io.cryptoflow.api.resources.ViolationExceptionMapper;
import com.codahale.metrics.Counter;
import com.codahale.metrics.Meter;
import com.codahale.metrics.Gauge;
import io.cryptoflow.api.core.PageCache;
import io.cryptoflow.api.render.RenderCache;
import java.util.concurrent.ScheduledExecutorService;
import io.dropwizard.assets.AssetsBundle;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.dropwizard.DropwizardExports;
import io.prometheus.client.servlet.jakarta.exporter.MetricsServlet;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.server.AbstractServerFactory;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jetty.ConnectorFactory;
import io.dropwizard.lifecycle.JettyManaged;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.db.ManagedPooledDataSource;
import io.dropwizard.jdbi3.JdbiFactory;
import io.dropwizard.request.logging.RequestLogFactory;
import jakarta.servlet.DispatcherType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.time.Clock;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.ee10.websocket.server.config.JettyWebSocketServletContainerInitializer;
import org.glassfish.jersey.server.ServerProperties;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read-only API: serves candles, symbols and status from api.db, the replicator's copy of
 * collector.db. It never opens collector.db and cannot write api.db.
 */
public class ApiApplication extends Application<ApiConfiguration> {

    private static final Logger LOG = LoggerFactory.getLogger(ApiApplication.class);

    private ApiDatabase database;
    private LiveHub liveHub;

    public static void main(String[] args) throws Exception {
        new ApiApplication().run(args);
    }

    @Override
    public String getName() {
        return "cryptoflow-api";
    }

    @Override
    public void initialize(Bootstrap<ApiConfiguration> bootstrap) {
        bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
                bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
        // The chart (plain HTML/JS/canvas, no CDN) at /, next to Jersey at /api/* and the WebSocket at /ws.
        bootstrap.addBundle(new AssetsBundle("/assets/", "/", "index.html", "chart"));
    }

    @Override
    public void run(ApiConfiguration config, Environment environment) {
        Path apiDb = config.apiDbPath();
        DataSourceFactory dataSource = ReadOnlyDataSourceFactory.forApiDb(apiDb, config.getReadPool());
        ManagedDataSource pool = dataSource.build(environment.metrics(), "api-db");
        Jdbi jdbi = new JdbiFactory().build(environment, dataSource, pool, "api-db");
        database = new ApiDatabase(apiDb, jdbi, ((ManagedPooledDataSource) pool)::purge);
        LOG.info("serving {} read-only with a pool of {} connections", apiDb, dataSource.getMaxSize());

        Clock clock = Clock.systemUTC();
        long renderBytes = config.getRenderCacheSize().toBytes();
        // Renderings of rows read from api.db (pages memory cannot answer; a cached page's re-check reads
        // only its open rows) get an eighth; closed candles, kept packed (~85 bytes each), one and a half
        // times the budget (24 MiB ≈ 280k candles): they answer nearly every page of history; pages 3/8
        // (docs/benchmarks.md, issue 23: the heap's live set stays near 60 MB of 96).
        RenderCache renders = new RenderCache(renderBytes / 8);
        long closedBytes = renderBytes * 3 / 2;
        // Pages read and rendered first come, first served, about one per core; a request queued longer
        // than the read pool's wait answers 503 busy, as one waiting that long for a connection.
        BuildGate pageBuilds = new BuildGate("candle page", config.effectivePageBuilds(), 1024,
                config.getReadPool().getMaxWaitForConnection().toJavaDuration());
        // A cached page whose replica moved is re-checked on the request that notices it (reading only its
        // open rows, core/OpenTopRefresh). Not on a background executor: that answered the noticing
        // request with the page as last confirmed, so a client's next read after a write could still
        // get the old page (HttpBehaviourIT, NginxCacheIT).
        CandleReader candles = new CandleReader(database, renders, new PageCache(256, renderBytes * 3 / 8),
                config.getReplicaStampMaxAge().toJavaDuration(), pageBuilds, null, closedBytes);
        environment.metrics().register("cryptoflow.api.render.cache-bytes", (Gauge<Long>) renders::bytes);
        environment.metrics().register("cryptoflow.api.render.cache-hits", (Gauge<Long>) renders::hits);
        environment.metrics().register("cryptoflow.api.render.cache-misses", (Gauge<Long>) renders::misses);
        environment.metrics().register("cryptoflow.api.render.closed-candles-evictions",
                (Gauge<Long>) candles.closedCandles()::evictions);
        environment.metrics().register("cryptoflow.api.render.closed-candles-bytes",
                (Gauge<Long>) candles.closedCandles()::bytes);
        environment.metrics().register("cryptoflow.api.render.closed-candles-hits",
                (Gauge<Long>) candles.closedCandles()::hits);
        environment.metrics().register("cryptoflow.api.render.closed-candles-misses",
                (Gauge<Long>) candles.closedCandles()::misses);
        environment.metrics().register("cryptoflow.api.render.closed-candles-known",
                (Gauge<Long>) candles.closedCandles()::knownHits);
        ReplicaStatus status = new ReplicaStatus(database, clock, config.getMaxReplicaAge().toJavaDuration());

        environment.jersey().setUrlPattern("/api/*");
        // the polled endpoint, a servlet (exact paths win over Jersey's /api/*): Jersey's per-request
        // work cost more than the page it served (resources/CandleServlet)
        environment.servlets().addServlet("candles", new CandleServlet(candles, config.getClosedRangeMaxAge().toJavaDuration(),
                config.getOpenRangeMaxAge().toJavaDuration(), environment.getObjectMapper(), environment.metrics()))
                .addMapping("/api/candles", "/api/candles/");
        environment.jersey().register(new SessionResource(database));
        // a configured market without data of a kind yet: empty and collecting, not 404 (core/EmptyAnswers)
        EmptyAnswers emptyAnswers = new EmptyAnswers(database, clock);
        environment.jersey().register(new TradeResource(new TradeReader(database, emptyAnswers), clock));
        environment.jersey().register(new TradeWindowExceptionMapper());
        environment.jersey().register(new OpenInterestResource(database, emptyAnswers));
        environment.jersey().register(new LiquidationResource(database, emptyAnswers));
        environment.jersey().register(new FundingResource(database, emptyAnswers));
        // a heatmap reaching the live edge may be a second behind the replica; /ws pushes the newest snapshot
        // one depth build per core, 32 waiting at most 5 s (wrk and charts time out at 10 s), then 503
        BuildGate depthBuilds = new BuildGate("depth", Runtime.getRuntime().availableProcessors(), 32,
                java.time.Duration.ofSeconds(5));
        // closed hour pieces (~30 KB each deflated) and the 10-minute pieces of edge hours get 5/8 of the render
        // budget: 10 markets × 26 h plus their edges fit in 10 MiB (a piece rebuilt costs a level-6 deflate);
        // whole answers (~0.7 MB of gzip, cheap to join again from pieces) an eighth
        DepthPages depth = new DepthPages(new DepthReader(database, emptyAnswers), new DepthChunks(renderBytes * 5 / 8), depthBuilds,
                renderBytes / 8, java.time.Duration.ofSeconds(1));
        environment.jersey().register(new DepthResource(depth, clock));
        database.onReplaced(() -> {
            candles.clearCaches();
            depth.clear();
        });
        environment.jersey().register(new SymbolResource(new SymbolCatalog(database)));
        environment.jersey().register(new StatusResource(status));
        environment.jersey().register(new BadParameterExceptionMapper());
        // what Jetty refuses before any handler (a malformed percent-encoding in the path, headers too large)
        environment.lifecycle().addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStarting(LifeCycle event) {
                if (event instanceof Server server) {
                    server.setErrorHandler(new JsonErrorHandler());
                }
            }
        });
        environment.jersey().register(new UnknownSymbolExceptionMapper());
        environment.jersey().register(new NotCollectedExceptionMapper());
        environment.jersey().register(new ReplicaNotReadyExceptionMapper());
        environment.jersey().register(new DatabaseBusyExceptionMapper());
        environment.jersey().register(new ViolationExceptionMapper());
        // No 8 KiB buffer per response to work out a Content-Length: candle answers set their own,
        // and that buffer was the largest single allocation of a candle request.
        environment.jersey().property(ServerProperties.OUTBOUND_CONTENT_LENGTH_BUFFER, 0);

        LiveConfiguration live = config.getLive();
        LiveMessages liveMessages = new LiveMessages(environment.getObjectMapper());
        ScheduledExecutorService hubThread = environment.lifecycle().scheduledExecutorService("live-hub", true)
                .threads(1).build();
        LiveHub hub = new LiveHub(database, candles, liveMessages, live, environment.metrics(), hubThread);
        environment.lifecycle().manage(hub);
        ScheduledExecutorService tradeThread = environment.lifecycle().scheduledExecutorService("live-trades", true)
                .threads(1).build();
        EventHub tradeHub = new EventHub(EventFeed.trades(database), database, live.getPollInterval().toJavaDuration(),
                live.getMaxSubscriptionsPerConnection(), environment.metrics(), tradeThread);
        environment.lifecycle().manage(tradeHub);
        // the same single thread: each hub's subscribe, poll and send stay in order
        EventHub liquidationHub = new EventHub(EventFeed.liquidations(database), database,
                live.getPollInterval().toJavaDuration(), live.getMaxSubscriptionsPerConnection(), environment.metrics(),
                tradeThread);
        environment.lifecycle().manage(liquidationHub);
        DepthHub depthHub = new DepthHub(database, live.getPollInterval().toJavaDuration(), environment.getObjectMapper(),
                liveMessages, environment.metrics(),
                environment.lifecycle().scheduledExecutorService("live-depth", true).threads(1).build());
        environment.lifecycle().manage(depthHub);
        Meter droppedSlow = environment.metrics().meter("cryptoflow.api.live.dropped-slow-clients");
        Counter connections = environment.metrics().counter("cryptoflow.api.live.connections");
        JettyWebSocketServletContainerInitializer.configure(environment.getApplicationContext(), (ctx, container) -> {
            container.setMaxTextMessageSize(live.getMaxIncomingMessageSize().toBytes());
            container.setIdleTimeout(live.getIdleTimeout().toJavaDuration());
            container.addMapping("/ws", (req, res) -> new LiveSocket(hub, tradeHub, liquidationHub, depthHub, liveMessages, environment.getObjectMapper(),
                    live.getMaxPendingBytes().toBytes(), droppedSlow, connections));
        });
        liveHub = hub;

        // What the collector's backfill yields to: readers waiting on /api (filters/ReaderLoad).
        ReaderLoad readers = new ReaderLoad(Runtime.getRuntime().availableProcessors(), List.of(pageBuilds, depthBuilds));
        readers.register(environment.metrics());
        environment.servlets().addFilter("reader-load", readers)
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/api/*");
        environment.admin().addServlet("readers", new ReaderLoad.Servlet(readers)).addMapping("/readers");
        // closed candles of every series read into memory ahead of requests, newest first, a 100 ms
        // slice every 250 ms at most, until the bound is nearly full; while a backfill nobody reads is
        // running it holds off (core/HistoryPrefetch)
        HistoryPrefetch prefetch = new HistoryPrefetch(candles, new SymbolCatalog(database), closedBytes, 100,
                readers::requestNanos);
        environment.lifecycle().scheduledExecutorService("history-prefetch", true).threads(1).build()
                .scheduleWithFixedDelay(prefetch, 1000, 250, java.util.concurrent.TimeUnit.MILLISECONDS);
        environment.metrics().register("cryptoflow.api.render.prefetched-pages", (Gauge<Long>) prefetch::pagesRead);
        environment.servlets().addFilter("request-id", new RequestIdFilter())
                .addMappingForUrlPatterns(EnumSet.allOf(DispatcherType.class), false, "/*");
        environment.servlets().addFilter("cors", new CorsFilter(config.getCorsAllowedOrigins()))
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/*");

        environment.admin().addTask(new PurgeReadPoolTask(database));

        // The same registry in the Prometheus text format, for the usual monitoring stack.
        CollectorRegistry prometheus = new CollectorRegistry();
        prometheus.register(new DropwizardExports(environment.metrics()));
        environment.admin().addServlet("prometheus", new MetricsServlet(prometheus)).addMapping("/prometheus");

        environment.healthChecks().register("replica",
                new ReplicaHealthCheck(status, config.getMaxReplicaAge().toJavaDuration(), clock));
        environment.healthChecks().register("warm-up", new WarmupHealthCheck(startupWarmup(config, environment, candles)));
    }

    /**
     * The start-up warm-up (core/StartupWarmup) over real HTTP: a loopback connector joins the
     * application connectors (so it reaches the same handlers), and the warm-up is added to the
     * server as it starts, after its handlers; Jetty starts beans in the order they were added and
     * the connectors after all of them, so the handlers are up when it runs and the public port
     * opens after it. Its requests are left out of the request log.
     */
    private StartupWarmup startupWarmup(ApiConfiguration config, Environment environment, CandleReader candles) {
        java.time.Duration budget = config.getStartupWarmup().toJavaDuration();
        ExecutorService thread = environment.lifecycle().executorService("startup-warmup").minThreads(1).maxThreads(1).build();
        StartupWarmup.Target target = StartupWarmup.throughReader(candles);
        WarmupConnector loopback = new WarmupConnector();
        if (!budget.isZero() && config.getServerFactory() instanceof DefaultServerFactory server) {
            List<ConnectorFactory> connectors = new ArrayList<>(server.getApplicationConnectors());
            connectors.add(loopback);
            server.setApplicationConnectors(connectors);
            target = new HttpWarmup(loopback);
        }
        StartupWarmup warmup = new StartupWarmup(target, new SymbolCatalog(database), budget, JitQuiet.ofThisJvm(), thread);
        RequestLogFactory<?> requestLog = config.getServerFactory() instanceof AbstractServerFactory server
                ? server.getRequestLogFactory() : null;
        environment.lifecycle().addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStarting(LifeCycle event) {
                if (event instanceof Server server) {
                    server.addBean(new JettyManaged(warmup));
                    if (server.getRequestLog() != null) {
                        server.setRequestLog(loopback.leftOutOf(server.getRequestLog(), requestLog));
                    }
                }
            }
        });
        return warmup;
    }

    public LiveHub liveHub() {
        return liveHub;
    }

    /** The running app's database handle (tests use it to prove the connection cannot write). */
    public ApiDatabase database() {
        return database;
    }
}
