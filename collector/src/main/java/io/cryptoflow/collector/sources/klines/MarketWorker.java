package io.cryptoflow.collector.sources.klines;

import static io.cryptoflow.collector.sources.klines.WorkerSignals.monotonicMillis;

import io.cryptoflow.collector.exchange.Market;
import io.cryptoflow.collector.load.BackfillYield;
import io.cryptoflow.collector.store.CandleSink;
import io.cryptoflow.collector.store.NoDataLedger;
import io.cryptoflow.collector.store.StoredCandles;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.Timeframe;
import io.cryptoflow.collector.exchange.RateGate;
import io.cryptoflow.collector.exchange.RegionRefusal;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything one market does, on one thread so the market's requests never compete with each
 * other for its rate budget: fill every (symbol, timeframe) window ({@link BackfillPager}), then
 * keep the newest candles current every sync interval ({@link LiveSync}), re-checking the whole
 * window for gaps periodically. This class is the loop and the operator's entry points.
 */
public final class MarketWorker implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(MarketWorker.class);

    private final Market market;
    private final List<String> symbols;
    private final List<Timeframe> timeframes;
    private final HistoryWindows history;
    private final WorkerSettings settings;
    private final Set<String> backfilled = ConcurrentHashMap.newKeySet();
    private final WorkerSignals signals = new WorkerSignals();
    private final LiveSync sync;
    private final BackfillPager pager;
    private final RateGate gate;

    public MarketWorker(KlineClient client, CandleSink sink, StoredCandles stored, NoDataLedger noData,
                        ProgressTracker progress, List<String> symbols, List<Timeframe> timeframes, HistoryWindows history,
                        WorkerSettings settings, LongSupplier clock) {
        this.market = client.market();
        this.gate = client.gate();
        this.symbols = List.copyOf(symbols);
        this.timeframes = List.copyOf(timeframes);
        this.history = history;
        this.settings = settings;
        PageWriter writer = new PageWriter(sink, market, progress, settings.retryDelayMillis(), signals);
        this.sync = new LiveSync(client, this.symbols, this.timeframes, settings, clock, backfilled, writer, signals);
        this.pager = new BackfillPager(client, stored, noData, progress, this.symbols, this.timeframes, history,
                settings, clock, backfilled, writer, sync, signals);
    }

    /** Backfill pages wait while other processes keep the machine busy (set before {@link #run}). */
    public MarketWorker yieldingTo(BackfillYield backfillYield) {
        pager.yieldingTo(backfillYield);
        backfillYield.register();
        return this;
    }

    public String exchange() {
        return market.exchange();
    }

    /** The exchange's refusal of this location, while it lasts (see {@code exchange/RegionRefusal}). */
    public Optional<RegionRefusal> refusal() {
        return gate.refusal();
    }

    /** Epoch ms of the last sync pass that succeeded for every symbol and timeframe, 0 before. */
    public long lastSyncAt() {
        return sync.lastSyncAt();
    }

    public boolean isBackfilled() {
        return backfilled.size() == symbols.size() * timeframes.size();
    }

    public void requestGapRecheck() {
        signals.requestRecheck();
    }

    /** An operator's backfill: re-fetches {@code range} whole, stored or not, between regular work. */
    public void requestBackfill(String symbol, Timeframe tf, TimeRange range) {
        pager.request(MarketSymbol.of(market.exchange(), symbol), tf, range);
        signals.requestRecheck();
    }

    /** The timeframes this market's klines are collected in. */
    public List<Timeframe> timeframes() {
        return timeframes;
    }

    public List<String> symbols() {
        return symbols;
    }

    public void stop() {
        signals.stop();
    }

    @Override
    public void run() {
        LOG.info("{}: collecting {} x {} (days of history: {})", market.exchange(), symbols,
                timeframes.stream().map(Timeframe::label).toList(),
                timeframes.stream().map(tf -> tf.label() + "=" + history.days(tf)).toList());
        try {
            while (signals.running()) {
                signals.clearRecheck();
                pager.runRequestedBackfills();
                pager.fillAllWindows();
                // Keys that could not be completed (writer refused, stopped) are retried sooner.
                long nextGapCheck = monotonicMillis() + (isBackfilled()
                        ? settings.gapCheckIntervalMillis()
                        : Math.min(settings.gapCheckIntervalMillis(), 60_000));
                while (signals.running() && !signals.recheckRequested() && monotonicMillis() < nextGapCheck) {
                    pager.runRequestedBackfills();
                    sync.syncIfDue();
                    signals.sleepUntil(Math.min(sync.nextSyncAt(), nextGapCheck), true);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("{}: worker stopped", market.exchange());
    }

    /** Fetches exactly the candles missing from every (symbol, timeframe) window (tests call it directly). */
    void fillAllWindows() throws InterruptedException {
        pager.fillAllWindows();
    }

    void runRequestedBackfills() throws InterruptedException {
        pager.runRequestedBackfills();
    }

    void syncIfDue() throws InterruptedException {
        sync.syncIfDue();
    }
}
