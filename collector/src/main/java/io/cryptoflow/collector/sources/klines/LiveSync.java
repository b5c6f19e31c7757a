package io.cryptoflow.collector.sources.klines;

import io.cryptoflow.collector.exchange.ExchangeUnavailableException;
import io.cryptoflow.collector.exchange.MalformedResponseException;
import io.cryptoflow.collector.exchange.Market;
import io.cryptoflow.common.Candle;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.Timeframe;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One market's live side: every sync interval re-fetches the newest candles (forming one included)
 * of every key its backfill completed. Runs on the market worker's thread, also between backfill
 * pages, so the newest candles stay current during a long backfill.
 */
final class LiveSync {

    private static final Logger LOG = LoggerFactory.getLogger(LiveSync.class);

    private final KlineClient client;
    private final Market market;
    private final List<String> symbols;
    private final List<Timeframe> timeframes;
    private final WorkerSettings settings;
    private final LongSupplier clock;
    /** Keys ({@code stored/label}) whose window the backfill completed: only those are synced. */
    private final Set<String> backfilled;
    private final PageWriter writer;
    private final WorkerSignals signals;
    private final AtomicLong lastSyncAt = new AtomicLong();
    private long nextSyncAt = Long.MIN_VALUE;

    LiveSync(KlineClient client, List<String> symbols, List<Timeframe> timeframes, WorkerSettings settings,
             LongSupplier clock, Set<String> backfilled, PageWriter writer, WorkerSignals signals) {
        this.client = client;
        this.market = client.market();
        this.symbols = symbols;
        this.timeframes = timeframes;
        this.settings = settings;
        this.clock = clock;
        this.backfilled = backfilled;
        this.writer = writer;
        this.signals = signals;
    }

    /** Epoch ms of the last sync pass that succeeded for every symbol and timeframe, 0 before. */
    long lastSyncAt() {
        return lastSyncAt.get();
    }

    /** Monotonic ms the next pass is due at. */
    long nextSyncAt() {
        return nextSyncAt;
    }

    /** Re-fetches the newest candles (forming one included) of every backfilled key, when due. */
    void syncIfDue() throws InterruptedException {
        long now = WorkerSignals.monotonicMillis();
        if (now < nextSyncAt) {
            return;
        }
        nextSyncAt = now + settings.syncIntervalMillis();
        boolean allOk = true;
        int synced = 0;
        for (String symbol : symbols) {
            for (Timeframe tf : timeframes) {
                MarketSymbol ms = MarketSymbol.of(market.exchange(), symbol);
                if (!signals.running() || !backfilled.contains(ms.stored() + "/" + tf.label())) {
                    continue;
                }
                try {
                    List<Candle> newest = client.fetch(symbol, tf, null, null, settings.syncCandles());
                    allOk &= newest.isEmpty() || writer.write(ms, tf, newest);
                    synced++;
                } catch (MalformedResponseException | ExchangeUnavailableException e) {
                    allOk = false;
                    LOG.warn("{} {}: sync failed, retrying next interval: {}", ms, tf.label(), e.getMessage());
                }
            }
        }
        if (allOk && synced > 0) {
            lastSyncAt.set(clock.getAsLong());
        }
    }
}
