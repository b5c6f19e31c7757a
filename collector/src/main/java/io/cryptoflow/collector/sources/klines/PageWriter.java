package io.cryptoflow.collector.sources.klines;

import io.cryptoflow.collector.exchange.Market;
import io.cryptoflow.collector.store.CandleBatch;
import io.cryptoflow.collector.store.CandleSink;
import io.cryptoflow.common.Candle;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.Timeframe;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands one page of a market's candles (a backfill page or the sync's newest candles) to the sink
 * and waits until it is written; a refused page is reported and followed by the retry delay.
 */
final class PageWriter {

    private static final Logger LOG = LoggerFactory.getLogger(PageWriter.class);

    private final CandleSink sink;
    private final Market market;
    private final ProgressTracker progress;
    private final long retryDelayMillis;
    private final WorkerSignals signals;

    PageWriter(CandleSink sink, Market market, ProgressTracker progress, long retryDelayMillis, WorkerSignals signals) {
        this.sink = sink;
        this.market = market;
        this.progress = progress;
        this.retryDelayMillis = retryDelayMillis;
        this.signals = signals;
    }

    /** False when the writer refused the page (it is fetched again later). */
    boolean write(MarketSymbol ms, Timeframe tf, List<Candle> candles) throws InterruptedException {
        try {
            sink.submit(new CandleBatch(ms, tf, candles, market.writeMode())).get();
            return true;
        } catch (ExecutionException e) {
            LOG.error("{} {}: writer refused {} candles: {}", ms, tf.label(), candles.size(), e.getCause().toString());
            progress.fail(ms, tf, "write failed: " + e.getCause().getMessage());
            signals.sleepUntil(WorkerSignals.monotonicMillis() + retryDelayMillis, false);
            return false;
        }
    }
}
