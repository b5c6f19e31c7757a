package io.cryptoflow.simulator;

import io.cryptoflow.simulator.archive.ArchiveSchedule;
import io.cryptoflow.simulator.faults.BookFaults;
import io.cryptoflow.simulator.market.SymbolSpec;
import io.cryptoflow.simulator.market.TradeBursts;
import io.cryptoflow.simulator.market.Venue;
import io.cryptoflow.simulator.region.Exchange;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Fluent configuration of an {@link ExchangeSimulator}; every setting has a default suitable for tests,
 * and where an exchange's behaviour is documented the default is that behaviour (docs/exchanges.md).
 */
public final class SimulatorBuilder {
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
    private TradeBursts tradeBursts = TradeBursts.NONE;
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
    private final ArchiveSchedule archiveSchedule = new ArchiveSchedule(Duration.ZERO);
    private LocalDate futuresArchiveHeaderSince = LocalDate.of(2022, 1, 1);
    private Duration webSocketMaxAge;
    private Duration bybitIpBan = Duration.ofMinutes(10);
    private boolean bitgetRestTradeMillis;
    private Duration bitgetFillsHistoryDepth = Duration.ofDays(90);
    private final Set<Exchange> refusedByRegion = EnumSet.noneOf(Exchange.class);
    private boolean webSocketLimits = true;
    private int bybitSpotSubscribeArgs = 10;
    private Duration binanceFuturesPing = Duration.ofMinutes(3);
    private Duration binanceFuturesPongTimeout = Duration.ofMinutes(10);
    private Duration binanceSpotPing = Duration.ofSeconds(20);
    private Duration binanceSpotPongTimeout = Duration.ofMinutes(1);
    private final BookFaults bookFaults = new BookFaults();

    SimulatorBuilder() {
    }

    /** Market clock: decides which candles and trades exist ("now"). Default: system UTC. */
    public SimulatorBuilder clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    /** Real clock for rate-limit windows and request-log timestamps. Default: system UTC. */
    public SimulatorBuilder wallClock(Clock wallClock) {
        this.wallClock = wallClock;
        return this;
    }

    public SimulatorBuilder seed(long seed) {
        this.seed = seed;
        return this;
    }

    public SimulatorBuilder host(String host) {
        this.host = host;
        return this;
    }

    /** Port to bind; 0 (default) picks a free one, see {@link ExchangeSimulator#port()}. */
    public SimulatorBuilder port(int port) {
        this.port = port;
        return this;
    }

    /** Symbols listed on every simulated market (default BTCUSDT, ETHUSDT, SOLUSDT, BNBUSDT). */
    public SimulatorBuilder symbols(String... names) {
        symbols.clear();
        for (String n : names) {
            SymbolSpec spec = SymbolSpec.defaultFor(n);
            symbols.put(spec.symbol(), spec);
        }
        return this;
    }

    /** Adds or replaces one symbol with an explicit price/quantity grid. */
    public SimulatorBuilder symbol(SymbolSpec spec) {
        symbols.put(spec.symbol().toUpperCase(Locale.ROOT), spec);
        return this;
    }

    /** No trade and no candle of {@code symbol} exists before {@code epochMs} (default 2019-09-01). */
    public SimulatorBuilder listedSince(String symbol, long epochMs) {
        listedSince.put(symbol.toUpperCase(Locale.ROOT), epochMs);
        return this;
    }

    public SimulatorBuilder defaultListedSince(long epochMs) {
        this.defaultListedSince = epochMs;
        return this;
    }

    /** Agg trades per minute before {@link #liveSince} (default 4: cheap long backfills). */
    public SimulatorBuilder historyTradesPerMinute(int perMinute) {
        this.historyTradesPerMinute = perMinute;
        return this;
    }

    /** Agg trades per minute from {@link #liveSince} on (default 120). */
    public SimulatorBuilder liveTradesPerMinute(int perMinute) {
        this.liveTradesPerMinute = perMinute;
        return this;
    }

    /**
     * Trade bursts on the live tape (default none, so existing tapes are unchanged): e.g.
     * {@code new TradeBursts(5000, 10, 60)} adds 5,000 agg trades/s for 10 s once an hour (docs/exchanges.md).
     */
    public SimulatorBuilder tradeBursts(TradeBursts bursts) {
        this.tradeBursts = bursts;
        return this;
    }

    /** Start of the live trade rate (default: the market clock's now at build time, floored to the hour). */
    public SimulatorBuilder liveSince(Instant liveSince) {
        this.liveSince = liveSince;
        return this;
    }

    /** false: never answer 429/418/10006 (weights are still counted for the headers). */
    public SimulatorBuilder enforceRateLimits(boolean enforce) {
        this.enforceRateLimits = enforce;
        return this;
    }

    public SimulatorBuilder binanceFuturesWeightLimit(int weightPerWindow) {
        this.binanceFuturesWeightLimit = weightPerWindow;
        return this;
    }

    public SimulatorBuilder binanceSpotWeightLimit(int weightPerWindow) {
        this.binanceSpotWeightLimit = weightPerWindow;
        return this;
    }

    /** Length of the Binance weight window (default one minute, aligned like Binance's). */
    public SimulatorBuilder weightWindow(Duration window) {
        this.weightWindow = window;
        return this;
    }

    /** How long a 418 ban lasts (default 2 minutes). */
    public SimulatorBuilder banDuration(Duration ban) {
        this.banDuration = ban;
        return this;
    }

    /** Bybit: requests per window (default 600 per 5 s). */
    public SimulatorBuilder bybitRequestLimit(int requests, Duration window) {
        this.bybitRequestLimit = requests;
        this.bybitWindow = window;
        return this;
    }

    /** Bitget: requests per window (default 20 per second). */
    public SimulatorBuilder bitgetRequestLimit(int requests, Duration window) {
        this.bitgetRequestLimit = requests;
        this.bitgetWindow = window;
        return this;
    }

    /** How often live WebSocket streams check the clock for new trades (default 100 ms). */
    public SimulatorBuilder liveTick(Duration tick) {
        this.liveTick = tick;
        return this;
    }

    /** Closed 15-minute aggregates kept in memory (default 300 000, about 70 MB). */
    public SimulatorBuilder cacheEntries(int entries) {
        this.cacheEntries = entries;
        return this;
    }

    /**
     * How long after a UTC day ends every archive's files appear (default 0: at once, so tests see
     * yesterday's file; Binance uploads "every day after the day ended", hours later, Bybit's time is not
     * documented — set it per venue with {@link #archiveDelay}).
     */
    public SimulatorBuilder archivePublicationDelay(Duration delay) {
        for (Venue v : Venue.values()) {
            archiveSchedule.delay(v, delay);
        }
        return this;
    }

    /** How long after a UTC day ends {@code venue}'s archive files appear. */
    public SimulatorBuilder archiveDelay(Venue venue, Duration delay) {
        archiveSchedule.delay(venue, delay);
        return this;
    }

    /** {@code day}'s archive file of {@code venue} appears only {@code delay} after the day ended. */
    public SimulatorBuilder archiveDayLate(Venue venue, LocalDate day, Duration delay) {
        archiveSchedule.late(venue, day, delay);
        return this;
    }

    /** {@code day}'s archive file of {@code venue} is never published (404 for good). */
    public SimulatorBuilder archiveDayMissing(Venue venue, LocalDate day) {
        archiveSchedule.missing(venue, day);
        return this;
    }

    /** {@code day}'s archive file of {@code venue} is published truncated ({@code how}). */
    public SimulatorBuilder archiveDayTruncated(Venue venue, LocalDate day, ArchiveSchedule.Truncation how) {
        archiveSchedule.truncated(venue, day, how);
        return this;
    }

    /** Binance futures archive files from this day on start with a header row (default 2022-01-01). */
    public SimulatorBuilder futuresArchiveHeaderSince(LocalDate day) {
        this.futuresArchiveHeaderSince = day;
        return this;
    }

    /** Cut every WebSocket this long (wall clock) after it opened, like Binance's 24 h cut; default never. */
    public SimulatorBuilder webSocketMaxAge(Duration maxAge) {
        this.webSocketMaxAge = maxAge;
        return this;
    }

    /**
     * Bybit over its IP budget: HTTP 403 "access too frequent" to every Bybit request for {@code ban}
     * (default 10 minutes, Bybit v5 "Rate Limit Rules": "wait for at least 10 minutes"). {@code null}:
     * answer retCode 10006 instead and ban nothing (the per-UID answer; the simulator's default before issue 24).
     */
    public SimulatorBuilder bybitIpBan(Duration ban) {
        this.bybitIpBan = ban;
        return this;
    }

    /** Bitget REST trades ({@code fills}, {@code fills-history}) with ms {@code ts} instead of whole seconds (default false). */
    public SimulatorBuilder bitgetRestTradeMillis(boolean millis) {
        this.bitgetRestTradeMillis = millis;
        return this;
    }

    /** How far back Bitget's {@code fills-history} answers (default 90 days; the bitget.ng mirror says 7). */
    public SimulatorBuilder bitgetFillsHistoryDepth(Duration depth) {
        this.bitgetFillsHistoryDepth = depth;
        return this;
    }

    /** {@code exchange} refuses this client's region: every REST request and WebSocket upgrade (451 / 403). */
    public SimulatorBuilder refusedByRegion(Exchange exchange) {
        refusedByRegion.add(exchange);
        return this;
    }

    /**
     * false: WebSocket hosts accept any number of messages per second and Bybit spot any number of
     * subscribe args (default true: Binance 10/s futures, 5/s spot, Bitget 10/s; Bybit spot 10 args).
     */
    public SimulatorBuilder webSocketLimits(boolean enforce) {
        this.webSocketLimits = enforce;
        return this;
    }

    /** Bybit spot: args per subscribe request (default 10). */
    public SimulatorBuilder bybitSpotSubscribeArgs(int maxArgs) {
        this.bybitSpotSubscribeArgs = maxArgs;
        return this;
    }

    /** Binance USD-M streams: server ping interval and pong timeout (default 3 minutes / 10 minutes; null ping: none). */
    public SimulatorBuilder binanceFuturesKeepAlive(Duration ping, Duration pongTimeout) {
        this.binanceFuturesPing = ping;
        this.binanceFuturesPongTimeout = pongTimeout;
        return this;
    }

    /** Binance spot streams: server ping interval and pong timeout (default 20 s / 1 minute; null ping: none). */
    public SimulatorBuilder binanceSpotKeepAlive(Duration ping, Duration pongTimeout) {
        this.binanceSpotPing = ping;
        this.binanceSpotPongTimeout = pongTimeout;
        return this;
    }

    /**
     * Injects an order-book fault into {@code venue}/{@code symbol}'s first matching message or snapshot at
     * or after {@code at} on the market clock (see {@link BookFaults.Kind}; also at run time through
     * {@link ExchangeSimulator#bookFaults()}, where each injection is recorded).
     */
    public SimulatorBuilder bookFault(BookFaults.Kind kind, Venue venue, String symbol, Instant at) {
        bookFaults.armAt(kind, venue, symbol, at.toEpochMilli());
        return this;
    }

    /** How much older than now a Binance {@code STALE_SNAPSHOT} fault's REST depth snapshot is (default 10 s). */
    public SimulatorBuilder staleSnapshotAge(Duration age) {
        bookFaults.staleSnapshotAge(age);
        return this;
    }

    public ExchangeSimulator build() {
        if (symbols.isEmpty()) {
            ExchangeSimulator.DEFAULT_SYMBOLS.forEach(n -> symbols.put(n, SymbolSpec.defaultFor(n)));
        }
        Instant live = liveSince != null ? liveSince : clock.instant().truncatedTo(ChronoUnit.HOURS);
        return new ExchangeSimulator(new SimulatorSettings(clock, wallClock, seed, host, port,
                List.copyOf(symbols.values()), Map.copyOf(listedSince), defaultListedSince,
                historyTradesPerMinute, liveTradesPerMinute, tradeBursts, live, enforceRateLimits,
                binanceFuturesWeightLimit, binanceSpotWeightLimit, weightWindow, banDuration,
                bybitRequestLimit, bybitWindow, bitgetRequestLimit, bitgetWindow, liveTick, cacheEntries,
                archiveSchedule, futuresArchiveHeaderSince, webSocketMaxAge, bybitIpBan,
                bitgetRestTradeMillis, bitgetFillsHistoryDepth, Set.copyOf(refusedByRegion), webSocketLimits,
                bybitSpotSubscribeArgs, binanceFuturesPing, binanceFuturesPongTimeout, binanceSpotPing,
                binanceSpotPongTimeout, bookFaults));
    }

    /** {@code build().start()}. */
    public ExchangeSimulator start() {
        return build().start();
    }
}
