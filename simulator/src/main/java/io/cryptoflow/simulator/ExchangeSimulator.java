package io.cryptoflow.simulator;

import io.cryptoflow.simulator.faults.FaultPlan;
import io.cryptoflow.simulator.http.SimulatorHttpHandler;
import io.cryptoflow.simulator.limits.RequestCountLimiter;
import io.cryptoflow.simulator.log.RequestLog;
import io.cryptoflow.simulator.market.MarketData;
import io.cryptoflow.simulator.market.SymbolSpec;
import io.cryptoflow.simulator.market.TradeTape;
import io.cryptoflow.simulator.market.Venue;
import io.cryptoflow.simulator.rest.BybitGate;
import io.cryptoflow.simulator.ws.LiveTradeHub;
import io.cryptoflow.simulator.ws.WebSocketRoutes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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

    private ExchangeSimulator(SimulatorSettings settings) {
        this.settings = settings;
        this.marketData = new MarketData(settings.clock(), buildTapes(settings), settings.cacheEntries());
        this.bybitGate = new BybitGate(new RequestCountLimiter(settings.bybitRequestLimit(), settings.bybitWindow(),
                settings.enforceRateLimits(), settings.wallClock()), settings.bybitIpBan(), settings.wallClock());
    }

    public static Builder builder() {
        return new Builder();
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
        WebSocketRoutes webSockets = new WebSocketRoutes(marketData, faults, liveTrades, requestLog, settings.wallClock());
        WebSocketUpgradeHandler upgrades = WebSocketUpgradeHandler.from(s, webSockets::configure);
        upgrades.setHandler(new SimulatorHttpHandler(SimulatorRoutes.all(settings, marketData, bybitGate), faults, requestLog, settings.wallClock()));
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

    /** Every request received so far (wall-clock arrival, path, query, status). */
    public RequestLog requests() {
        return requestLog;
    }

    /** Bans this IP at Bybit now for {@code duration}: every Bybit REST endpoint answers 403 until it ends. */
    public void banBybit(Duration duration) {
        bybitGate.ban(duration);
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
                        s.historyTradesPerMinute(), s.liveTradesPerMinute()));
            }
            tapes.put(venue, Map.copyOf(bySymbol));
        }
        return tapes;
    }

    /** Fluent configuration; every setting has a default suitable for tests. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private Clock wallClock = Clock.systemUTC();
        private long seed = 42;
        private String host = "127.0.0.1";
        private int port;
        private final Map<String, SymbolSpec> symbols = new LinkedHashMap<>();
        private final Map<String, Long> listedSince = new LinkedHashMap<>();
        private long defaultListedSince = Instant.parse("2019-09-01T00:00:00Z").toEpochMilli();
        private int historyTradesPerMinute = 4;
        private int liveTradesPerMinute = 120;
        private Instant liveSince;
        private boolean enforceRateLimits = true;
        private int binanceFuturesWeightLimit = 2400;
        private int binanceSpotWeightLimit = 6000;
        private Duration weightWindow = Duration.ofMinutes(1);
        private Duration banDuration = Duration.ofMinutes(2);
        private int bybitRequestLimit = 600;
        private Duration bybitWindow = Duration.ofSeconds(5);
        private int bitgetRequestLimit = 20;
        private Duration bitgetWindow = Duration.ofSeconds(1);
        private Duration liveTick = Duration.ofMillis(100);
        private int cacheEntries = 300_000;
        private Duration archivePublicationDelay = Duration.ZERO;
        private java.time.LocalDate futuresArchiveHeaderSince = java.time.LocalDate.of(2022, 1, 1);
        private Duration webSocketMaxAge;
        private Duration bybitIpBan;

        private Builder() {
        }

        /** Market clock: decides which candles and trades exist ("now"). Default: system UTC. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Real clock for rate-limit windows and request-log timestamps. Default: system UTC. */
        public Builder wallClock(Clock wallClock) {
            this.wallClock = wallClock;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** Port to bind; 0 (default) picks a free one, see {@link ExchangeSimulator#port()}. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Symbols listed on every simulated market (default BTCUSDT, ETHUSDT, SOLUSDT, BNBUSDT). */
        public Builder symbols(String... names) {
            symbols.clear();
            for (String n : names) {
                SymbolSpec spec = SymbolSpec.defaultFor(n);
                symbols.put(spec.symbol(), spec);
            }
            return this;
        }

        /** Adds or replaces one symbol with an explicit price/quantity grid. */
        public Builder symbol(SymbolSpec spec) {
            symbols.put(spec.symbol().toUpperCase(Locale.ROOT), spec);
            return this;
        }

        /** No trade and no candle of {@code symbol} exists before {@code epochMs} (default 2019-09-01). */
        public Builder listedSince(String symbol, long epochMs) {
            listedSince.put(symbol.toUpperCase(Locale.ROOT), epochMs);
            return this;
        }

        public Builder defaultListedSince(long epochMs) {
            this.defaultListedSince = epochMs;
            return this;
        }

        /** Agg trades per minute before {@link #liveSince} (default 4: cheap long backfills). */
        public Builder historyTradesPerMinute(int perMinute) {
            this.historyTradesPerMinute = perMinute;
            return this;
        }

        /** Agg trades per minute from {@link #liveSince} on (default 120). */
        public Builder liveTradesPerMinute(int perMinute) {
            this.liveTradesPerMinute = perMinute;
            return this;
        }

        /** Start of the live trade rate (default: the market clock's now at build time, floored to the hour). */
        public Builder liveSince(Instant liveSince) {
            this.liveSince = liveSince;
            return this;
        }

        /** false: never answer 429/418/10006 (weights are still counted for the headers). */
        public Builder enforceRateLimits(boolean enforce) {
            this.enforceRateLimits = enforce;
            return this;
        }

        public Builder binanceFuturesWeightLimit(int weightPerWindow) {
            this.binanceFuturesWeightLimit = weightPerWindow;
            return this;
        }

        public Builder binanceSpotWeightLimit(int weightPerWindow) {
            this.binanceSpotWeightLimit = weightPerWindow;
            return this;
        }

        /** Length of the Binance weight window (default one minute, aligned like Binance's). */
        public Builder weightWindow(Duration window) {
            this.weightWindow = window;
            return this;
        }

        /** How long a 418 ban lasts (default 2 minutes). */
        public Builder banDuration(Duration ban) {
            this.banDuration = ban;
            return this;
        }

        /** Bybit: requests per window (default 600 per 5 s). */
        public Builder bybitRequestLimit(int requests, Duration window) {
            this.bybitRequestLimit = requests;
            this.bybitWindow = window;
            return this;
        }

        /** Bitget: requests per window (default 20 per second). */
        public Builder bitgetRequestLimit(int requests, Duration window) {
            this.bitgetRequestLimit = requests;
            this.bitgetWindow = window;
            return this;
        }

        /** How often live WebSocket streams check the clock for new trades (default 100 ms). */
        public Builder liveTick(Duration tick) {
            this.liveTick = tick;
            return this;
        }

        /** Closed 15-minute aggregates kept in memory (default 300 000, about 70 MB). */
        public Builder cacheEntries(int entries) {
            this.cacheEntries = entries;
            return this;
        }

        /** How long after a UTC day ends its archive files appear (default 0; Binance: hours). */
        public Builder archivePublicationDelay(Duration delay) {
            this.archivePublicationDelay = delay;
            return this;
        }

        /** Binance futures archive files from this day on start with a header row (default 2022-01-01). */
        public Builder futuresArchiveHeaderSince(java.time.LocalDate day) {
            this.futuresArchiveHeaderSince = day;
            return this;
        }

        /** Cut every WebSocket this long (wall clock) after it opened, like Binance's 24 h cut; default never. */
        public Builder webSocketMaxAge(Duration maxAge) {
            this.webSocketMaxAge = maxAge;
            return this;
        }

        /** Bybit over budget: HTTP 403 to every Bybit request for {@code ban} (IP limit) instead of retCode 10006. */
        public Builder bybitIpBan(Duration ban) {
            this.bybitIpBan = ban;
            return this;
        }

        public ExchangeSimulator build() {
            if (symbols.isEmpty()) {
                DEFAULT_SYMBOLS.forEach(n -> symbols.put(n, SymbolSpec.defaultFor(n)));
            }
            Instant live = liveSince != null ? liveSince : clock.instant().truncatedTo(ChronoUnit.HOURS);
            return new ExchangeSimulator(new SimulatorSettings(clock, wallClock, seed, host, port,
                    List.copyOf(symbols.values()), Map.copyOf(listedSince), defaultListedSince,
                    historyTradesPerMinute, liveTradesPerMinute, live, enforceRateLimits,
                    binanceFuturesWeightLimit, binanceSpotWeightLimit, weightWindow, banDuration,
                    bybitRequestLimit, bybitWindow, bitgetRequestLimit, bitgetWindow, liveTick, cacheEntries,
                    archivePublicationDelay, futuresArchiveHeaderSince, webSocketMaxAge, bybitIpBan));
        }

        /** {@code build().start()}. */
        public ExchangeSimulator start() {
            return build().start();
        }
    }
}
