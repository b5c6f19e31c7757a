package io.cryptoflow.collector.sources.trades;

import com.codahale.metrics.MetricRegistry;
import io.cryptoflow.collector.aggregation.LiquidationRecorder;
import io.cryptoflow.collector.aggregation.FootprintFlusher;
import io.cryptoflow.collector.aggregation.KlineCrossCheck;
import io.cryptoflow.collector.aggregation.KlineCrossCheckSink;
import io.cryptoflow.collector.aggregation.OrderFlowMetrics;
import io.cryptoflow.collector.aggregation.TickSizes;
import io.cryptoflow.collector.aggregation.TradeAggregator;
import io.cryptoflow.collector.aggregation.TradeRecorder;
import io.cryptoflow.collector.config.ExchangeConfiguration;
import io.cryptoflow.collector.config.OrderFlowConfiguration;
import io.cryptoflow.collector.exchange.ExchangeType;
import io.cryptoflow.collector.exchange.RateGates;
import io.cryptoflow.collector.exchange.TradeProtocol;
import io.cryptoflow.collector.store.CandleSink;
import io.cryptoflow.collector.store.FootprintLedger;
import io.cryptoflow.collector.store.TradeTails;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.ThreadPools;
import io.dropwizard.lifecycle.Managed;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector's order-flow part, one Dropwizard-managed object: per enabled venue a WebSocket
 * trade stream, per symbol a sequencer and an aggregator, a flusher that hands footprint candles and
 * daily sessions to the writer every flush interval, and the historical footprint import.
 */
public final class OrderFlowService implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(OrderFlowService.class);
    /**
     * Live trades a sequencer buffers while it catches up over REST (33 bytes each, {@link LiveTradeBuffer}).
     * Contiguous ids (Binance): an overflow only makes REST page further, so a small buffer costs
     * requests, not trades. Others: REST serves only recent trades, an overflow can leave a gap to the
     * archive, so they hold 30 s of a 3,300 trades/s burst (ten times the busiest real market's peak).
     */
    private static final int LIVE_BUFFER_CONTIGUOUS = 20_000;
    private static final int LIVE_BUFFER_BY_TIME = 100_000;
    /** How often trade gaps left to the archive (Bybit) are retried: archives publish hours after the day. */

    private static final long DAY_MS = 86_400_000L;

    private final OrderFlowConfiguration config;
    private final Clock clock;
    /** Per market, the venue's footprint window in days (0: none), which bounds a restart's catch-up too. */
    private final Map<MarketSymbol, Integer> footprintDays = new LinkedHashMap<>();
    private volatile TradeTails storedTrades = TradeTails.NONE;
    private final OrderFlowMetrics metrics;
    private final Map<MarketSymbol, TradeSequencer> sequencers = new LinkedHashMap<>();
    private final List<TradeStream> streams = new ArrayList<>();
    private final List<FootprintBackfill> backfills = new ArrayList<>();
    private final List<ArchiveGapRepair> repairs = new ArrayList<>();
    private final KlineCrossCheck crossCheck;
    private final ThreadPools pools;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService workers;
    private final FootprintFlusher flusher;
    private final List<Future<?>> backfillRuns = new ArrayList<>();
    /** Held by a running flush: stop waits on it so two flushes never overlap (they could reorder a candle). */
    private final Object flushGuard = new Object();
    private volatile boolean stopping;
    private ScheduledFuture<?> flushing;

    public OrderFlowService(OrderFlowConfiguration config, Map<ExchangeType, ExchangeConfiguration> exchanges, CandleSink sink, MetricRegistry registry, HttpClient http,
                            Clock clock) {
        this(config, exchanges, sink, registry, http, clock, new RateGates());
    }

    /** @param gates the kline clients' gates, so a ban met by either side stops both (per exchange) */
    public OrderFlowService(OrderFlowConfiguration config, Map<ExchangeType, ExchangeConfiguration> exchanges, CandleSink sink, MetricRegistry registry, HttpClient http,
                            Clock clock, RateGates gates) {
        this(config, exchanges, sink, registry, http, clock, gates, ThreadPools.standalone());
    }

    /** @param pools where the timers and the blocking workers (stream readers, archive imports) run */
    public OrderFlowService(OrderFlowConfiguration config, Map<ExchangeType, ExchangeConfiguration> exchanges, CandleSink sink, MetricRegistry registry, HttpClient http,
                            Clock clock, RateGates gates, ThreadPools pools) {
        this.config = config;
        this.clock = clock;
        this.metrics = new OrderFlowMetrics(registry);
        this.pools = pools;
        this.scheduler = pools.scheduled("orderflow-timer", 2);
        this.workers = pools.elastic("orderflow-worker");
        TickSizes ticks = new TickSizes(config.getTickSizes());
        Duration timeout = Duration.ofSeconds(20);
        if (config.isEnabled()) {
            exchanges.forEach((venue, vc) -> {
                if (!vc.getOrderFlow().isEnabled() || vc.getSymbols().isEmpty()) {
                    return;
                }
                TradeProtocol protocol = venue.trades().orElseThrow();
                Map<String, TradeSequencer> bySymbol = new LinkedHashMap<>();
                for (String s : vc.getSymbols()) {
                    MarketSymbol market = MarketSymbol.of(venue.exchange(), s);
                    TradeAggregator agg = TradeAggregator.forMarket(market, venue.writeMode(), ticks, metrics,
                            vc.getKlines().footprintTimeframes());
                    TradeSequencer seq = new TradeSequencer(market, venue.contiguousIds(), agg, metrics,
                            venue.contiguousIds() ? LIVE_BUFFER_CONTIGUOUS : LIVE_BUFFER_BY_TIME);
                    // the candles of a gap REST could not recover are served as unknown, not as partial sums
                    seq.onUnrecoveredGap(agg::markUnseen);
                    bySymbol.put(market.symbol(), seq);
                    sequencers.put(market, seq);
                    footprintDays.put(market, vc.getOrderFlow().getFootprintDays());
                }
                // every request books against the exchange's one gate, shared with its klines
                RestTradeFetcher rest = new RestTradeFetcher(http, protocol, vc.getRestUrl(), timeout,
                        gates.of(venue.exchange(), venue.market(vc.getRestUrl()).rateLimitRules()));
                addStreams(protocol, vc, bySymbol, rest, http);
                FootprintBackfill.of(venue, vc, bySymbol, http, sink, clock, metrics).ifPresent(b -> {
                    backfills.add(b);
                    // late, missing and cut archive days are tried again; Binance fills what a file lacks by id
                    ArchiveGapRepair repair = new ArchiveGapRepair(b, clock, config.getArchiveRetryInterval().toJavaDuration(),
                            config.getArchiveRetryMaxInterval().toJavaDuration(), metrics);
                    repairs.add(repair);
                    b.useRepair(repair);
                    b.useFiller(new ArchiveHoleFiller(rest, vc.getOrderFlow().getRestPageInterval().toJavaDuration(), metrics));
                    if (!venue.contiguousIds() && !rest.pagesBackwards()) {
                        // Bybit: REST serves only the newest trades; a longer gap waits for the daily archive
                        bySymbol.values().forEach(seq -> seq.onUnrecoveredGap((from, to) -> {
                            seq.aggregator().markUnseen(from, to);
                            repair.add(seq, from, to);
                        }));
                    } else if (venue.contiguousIds()) {
                        // Binance: a catch-up REST cannot win (CatchUpProgress) leaves its ids to the archive
                        bySymbol.values().forEach(seq -> seq.onUnrecoveredGap((from, to) -> repair.add(seq, from, to)));
                    }
                });
            });
        }
        Map<MarketSymbol, TradeAggregator> aggregators = new LinkedHashMap<>();
        sequencers.forEach((m, s) -> aggregators.put(m, s.aggregator()));
        this.crossCheck = new KlineCrossCheck(aggregators, config.getKlineTolerance(), metrics);
        this.flusher = new FootprintFlusher(sequencers.values(), sink, clock, metrics);
        registry.gauge("cryptoflow.collector.footprint.missing-ranges",
                () -> () -> repairs.stream().mapToInt(r -> r.missing().size()).sum());
        // tapes whose live trades still wait for REST to close the gap before them (a start, a cut)
        registry.gauge("cryptoflow.collector.trades.tapes-catching-up",
                () -> () -> (int) sequencers.values().stream().filter(TradeSequencer::isCatchingUp).count());
    }

    /** One connection per {@code maxStreamsPerConnection} symbols (Binance 1024 streams, Bitget 1000 channels). */
    private void addStreams(TradeProtocol protocol, ExchangeConfiguration vc, Map<String, TradeSequencer> bySymbol,
                            RestTradeFetcher rest, HttpClient http) {
        Map<String, TradeSequencer> chunk = new LinkedHashMap<>();
        for (Map.Entry<String, TradeSequencer> e : bySymbol.entrySet()) {
            chunk.put(e.getKey(), e.getValue());
            if (chunk.size() == protocol.maxStreamsPerConnection()) {
                streams.add(new TradeStream(protocol, vc, chunk, rest, http, scheduler, workers, metrics));
                chunk = new LinkedHashMap<>();
            }
        }
        if (!chunk.isEmpty()) {
            streams.add(new TradeStream(protocol, vc, chunk, rest, http, scheduler, workers, metrics));
        }
    }

    @Override
    public void start() {
        if (streams.isEmpty()) {
            LOG.info("order flow: no trade stream enabled");
            return;
        }
        long every = config.getFlushInterval().toMilliseconds();
        flushing = scheduler.scheduleWithFixedDelay(this::scheduledFlush, every, every, TimeUnit.MILLISECONDS);
        // the backfill hands each symbol over to its sequencer, which then catches up to the live stream
        backfills.forEach(b -> b.prepare());
        // the rest continue after the last run's newest stored trade (a held one waits for its archive)
        RestartSeeds.seed(sequencers.values(), storedTrades, this::catchUpFrom);
        streams.forEach(TradeStream::start);
        backfills.forEach(b -> backfillRuns.add(workers.submit(b)));
        long retry = config.getArchiveRetryInterval().toMilliseconds();
        repairs.forEach(r -> scheduler.scheduleWithFixedDelay(() -> workers.execute(r), retry, retry, TimeUnit.MILLISECONDS));
        LOG.info("order flow: {} stream(s), {} market(s), flush every {}", streams.size(), sequencers.size(),
                config.getFlushInterval());
    }

    private void scheduledFlush() {
        synchronized (flushGuard) {
            if (!stopping) {
                flusher.run();
            }
        }
    }

    @Override
    public void stop() throws Exception {
        backfills.forEach(FootprintBackfill::cancel);
        streams.forEach(TradeStream::stop);
        backfillRuns.forEach(f -> f.cancel(true));
        // let a running flush finish first: two flushes in flight could reorder versions of a candle
        stopping = true;
        if (flushing != null) {
            flushing.cancel(false);
        }
        synchronized (flushGuard) {
            ThreadPools.shutdownIfOwned(pools, workers, 0);
            ThreadPools.shutdownIfOwned(pools, scheduler, TimeUnit.SECONDS.toMillis(10));
        }
        List<CompletableFuture<Void>> last = flusher.flush(false);
        try {
            CompletableFuture.allOf(last.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("order flow: last footprint flush did not complete: {}", e.toString());
        }
    }

    /** Lets the footprint backfill skip days already in collector.db (pass a {@code store.SqliteFootprintLedger}). */
    public OrderFlowService withLedger(FootprintLedger ledger) {
        backfills.forEach(b -> b.useLedger(ledger));
        return this;
    }

    /**
     * Records the liquidations pushed on the trade connections of exchanges that have a public
     * liquidation stream (Binance USD-M, Bybit linear), with the time each market was covered.
     */
    public OrderFlowService withLiquidationRecorder(LiquidationRecorder recorder) {
        streams.forEach(s -> s.recordLiquidationsTo(recorder));
        return this;
    }

    /**
     * Where the last run's stored trades end (pass a {@code store.StoredTrades}): read at start so
     * each market fetches what was missed while stopped over REST, as after a cut.
     */
    public OrderFlowService withStoredTrades(TradeTails tails) {
        this.storedTrades = tails;
        return this;
    }

    /** The oldest stored trade a restart's catch-up goes back to: the retention window, within the footprint window if set. */
    private long catchUpFrom(MarketSymbol market) {
        long from = sequencers.get(market).recorder().keepFrom(market);
        int days = footprintDays.getOrDefault(market, 0);
        return days > 0 && from != Long.MAX_VALUE ? Math.max(from, clock.millis() - days * DAY_MS) : from;
    }

    /** Keeps every accepted trade raw as well (live, REST catch-up and archive days). */
    public OrderFlowService withTradeRecorder(TradeRecorder recorder) {
        sequencers.values().forEach(s -> {
            s.recordTo(recorder);
            s.onUnrecoveredGap((from, to) -> s.importGaps.unrecovered(from, to, recorder));
        });
        return this;
    }

    /**
     * The trades-against-klines volume check (counts and logs mismatches); the sink from
     * {@link #crossCheckingSink} runs it on every kline page.
     */
    public KlineCrossCheck crossCheck() {
        return crossCheck;
    }

    /** The writer wrapped so every kline batch written through it is cross-checked against the trades. */
    public CandleSink crossCheckingSink(CandleSink writer) {
        return new KlineCrossCheckSink(writer, crossCheck);
    }

    /** The enabled venues' streams, for the health check and the reconnect task wired in the application. */
    public List<TradeStream> streams() {
        return Collections.unmodifiableList(streams);
    }

    public Map<MarketSymbol, TradeSequencer> sequencers() {
        return Collections.unmodifiableMap(sequencers);
    }

    /** Archive days tried again (late, missing, cut, or not seen live), one per venue with an archive. */
    public List<ArchiveGapRepair> repairs() {
        return Collections.unmodifiableList(repairs);
    }

    /** The time ranges the stored footprints lack, every venue (for /progress and the metric). */
    public List<ArchiveGapRepair.MissingRange> footprintMissing() {
        List<ArchiveGapRepair.MissingRange> out = new ArrayList<>();
        repairs.forEach(r -> out.addAll(r.missing()));
        return out;
    }

    public List<FootprintBackfill> backfills() {
        return Collections.unmodifiableList(backfills);
    }

    /** Flushes now (tests, shutdown). */
    public List<CompletableFuture<Void>> flushNow() {
        return flusher.flush(false);
    }
}
