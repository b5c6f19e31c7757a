package io.cryptoflow.simulator;

import io.cryptoflow.simulator.archive.ArchiveSchedule;
import io.cryptoflow.simulator.faults.BookFaults;
import io.cryptoflow.simulator.faults.FaultPlan;
import io.cryptoflow.simulator.http.SimulatorHttpHandler;
import io.cryptoflow.simulator.limits.RequestCountLimiter;
import io.cryptoflow.simulator.log.RequestLog;
import io.cryptoflow.simulator.market.MarketData;
import io.cryptoflow.simulator.market.OrderBook;
import io.cryptoflow.simulator.market.OrderBookModel;
import io.cryptoflow.simulator.market.SymbolSpec;
import io.cryptoflow.simulator.market.TradeTape;
import io.cryptoflow.simulator.market.Venue;
import io.cryptoflow.simulator.region.Exchange;
import io.cryptoflow.simulator.region.RegionRefusals;
import io.cryptoflow.simulator.rest.BybitGate;
import io.cryptoflow.simulator.ws.LiveTradeHub;
import io.cryptoflow.simulator.ws.WebSocketRoutes;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * EXCHANGE SIMULATOR: one local HTTP/WebSocket server that speaks the Binance USD-M, Binance spot,
 * Bybit v5 and Bitget v2 market-data APIs on their real paths, with deterministic trades, klines
 * aggregated from exactly those trades, rate limits, fault injection and a request log. For tests,
 * benchmarks and the offline demo only; CryptoFlow never uses it unless pointed at it.
 */
public final class ExchangeSimulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ExchangeSimulator.class);
    public static final List<String> DEFAULT_SYMBOLS = List.of("BTCUSDT", "ETHUSDT", "SOLUSDT", "BNBUSDT");

    private final SimulatorSettings settings;
    private final MarketData marketData;
    private final FaultPlan faults = new FaultPlan();
    private final RequestLog requestLog = new RequestLog();
    private final BybitGate bybitGate;
    private Server server;
    private LiveTradeHub liveTrades;
    private int port;

    private final RegionRefusals regionRefusals;

    ExchangeSimulator(SimulatorSettings settings) {
        this.settings = settings;
        this.marketData = new MarketData(settings.clock(), buildTapes(settings), settings.cacheEntries());
        // Bybit counts its budget in ANY window of that length (a rolling window), not per calendar window.
        this.bybitGate = new BybitGate(RequestCountLimiter.rolling(settings.bybitRequestLimit(), settings.bybitWindow(),
                settings.enforceRateLimits(), settings.wallClock()), settings.bybitIpBan(), settings.wallClock());
        this.regionRefusals = new RegionRefusals(settings.refusedByRegion());
    }

    public static SimulatorBuilder builder() {
        return new SimulatorBuilder();
    }

    /** Starts the server (port 0 picks a free port) and returns this simulator. */
    public synchronized ExchangeSimulator start() {
        if (server != null) {
            return this;
        }
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("exchange-simulator");
        threads.setDaemon(true);
        Server s = new Server(threads);
        ServerConnector connector = new ServerConnector(s);
        connector.setHost(settings.host());
        connector.setPort(settings.port());
        s.addConnector(connector);
        liveTrades = new LiveTradeHub(settings.liveTick(), settings.wallClock(), settings.webSocketMaxAge());
        WebSocketRoutes webSockets = new WebSocketRoutes(marketData, faults, settings.bookFaults(), liveTrades, requestLog, settings.wallClock(),
                SimulatorRoutes.streamRules(settings), regionRefusals);
        WebSocketUpgradeHandler upgrades = WebSocketUpgradeHandler.from(s, webSockets::configure);
        upgrades.setHandler(new SimulatorHttpHandler(SimulatorRoutes.all(settings, marketData, bybitGate, regionRefusals),
                faults, requestLog, settings.wallClock()));
        s.setHandler(upgrades);
        try {
            s.start();
        } catch (Exception e) {
            throw new IllegalStateException("exchange simulator could not start on " + settings.host() + ":"
                    + settings.port(), e);
        }
        server = s;
        port = connector.getLocalPort();
        LOG.info("EXCHANGE SIMULATOR listening on {}", baseUrl());
        return this;
    }


    /** {@code http://127.0.0.1:<port>}: the REST base URL of every simulated exchange and archive. */
    public String baseUrl() {
        return "http://" + settings.host() + ":" + port;
    }

    /** {@code ws://127.0.0.1:<port>}: the WebSocket base URL of every simulated exchange. */
    public String wsBaseUrl() {
        return "ws://" + settings.host() + ":" + port;
    }

    public int port() {
        return port;
    }

    /** Faults to inject into the next matching requests or WebSocket messages. */
    public FaultPlan faults() {
        return faults;
    }

    /**
     * Order-book faults: arm one at run time ({@code bookFaults().arm(kind, venue, symbol)}), read when
     * each was injected ({@code injected()}).
     */
    public BookFaults bookFaults() {
        return settings.bookFaults();
    }

    /**
     * The TRUE order book of {@code venue}/{@code symbol} at {@code instantMs} on the market clock (the
     * book changes every {@link OrderBookModel#STEP_MS} ms); what every book stream and snapshot is cut from.
     */
    public Optional<OrderBook> book(Venue venue, String symbol, long instantMs) {
        return marketData.book(venue, symbol, instantMs);
    }

    /** Every request received so far (wall-clock arrival, path, query, status). */
    public RequestLog requests() {
        return requestLog;
    }

    /** Bans this IP at Bybit now for {@code duration}: every Bybit REST endpoint answers 403 until it ends. */
    public void banBybit(Duration duration) {
        bybitGate.ban(duration);
    }

    /** Starts ({@code true}) or stops refusing every request to {@code exchange} as from a restricted region. */
    public void refuseFromRegion(Exchange exchange, boolean refuse) {
        regionRefusals.refuse(exchange, refuse);
    }

    /** When each archive day appears and what it holds; changes apply to files not yet served. */
    public ArchiveSchedule archives() {
        return settings.archiveSchedule();
    }

    /** The deterministic market data behind every endpoint, for computing expected values in tests. */
    public MarketData marketData() {
        return marketData;
    }

    public Optional<TradeTape> tape(Venue venue, String symbol) {
        return marketData.tape(venue, symbol);
    }

    /** Cuts every open WebSocket whose path starts with {@code pathPrefix} now; returns how many. */
    public int dropWebSockets(String pathPrefix) {
        return liveTrades == null ? 0 : liveTrades.dropConnections(pathPrefix);
    }

    /**
     * Makes every open WebSocket whose path starts with {@code pathPrefix} go silent now, open but
     * sending nothing (no data, ping or pong), as over a network path that died; returns how many.
     */
    public int silenceWebSockets(String pathPrefix) {
        return liveTrades == null ? 0 : liveTrades.silenceConnections(pathPrefix);
    }

    /** Open WebSocket stream sessions. */
    public int openWebSockets() {
        return liveTrades == null ? 0 : liveTrades.openSessions();
    }

    @Override
    public synchronized void close() {
        if (liveTrades != null) {
            liveTrades.close();
            liveTrades = null;
        }
        if (server != null) {
            try {
                server.stop();
            } catch (Exception e) {
                LOG.warn("exchange simulator: error while stopping", e);
            }
            server = null;
        }
    }

    private static Map<Venue, Map<String, TradeTape>> buildTapes(SimulatorSettings s) {
        Map<Venue, Map<String, TradeTape>> tapes = new EnumMap<>(Venue.class);
        for (Venue venue : Venue.values()) {
            Map<String, TradeTape> bySymbol = new LinkedHashMap<>();
            for (SymbolSpec spec : s.symbols()) {
                long listed = s.listedSince().getOrDefault(spec.symbol(), s.defaultListedSince());
                bySymbol.put(spec.symbol(), new TradeTape(s.seed(), venue, spec, listed, s.liveSince().toEpochMilli(),
                        s.historyTradesPerMinute(), s.liveTradesPerMinute(), s.tradeBursts()));
            }
            tapes.put(venue, Map.copyOf(bySymbol));
        }
        return tapes;
    }
}
