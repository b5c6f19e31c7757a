package io.cryptoflow.collector.sources.klines;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.Timeframe;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTrackerTest {

    private static final MarketSymbol BTC = MarketSymbol.of("BINANCE", "BTCUSDT");

    @Test
    void reportsDoneTotalPercentAndEtaFromTheObservedRate() {
        AtomicLong now = new AtomicLong(1_000_000);
        MetricRegistry metrics = new MetricRegistry();
        ProgressTracker tracker = new ProgressTracker(metrics, now::get);
        tracker.start(BTC, Timeframe.H1, 100, 1_100);

        now.addAndGet(10_000);
        tracker.advance(BTC, Timeframe.H1, 250);

        ProgressTracker.Progress p = tracker.snapshot().get(0);
        assertThat(p.done()).isEqualTo(350);
        assertThat(p.total()).isEqualTo(1_100);
        assertThat(p.percent()).isEqualTo(31.82);
        // 250 candles in 10 s → 750 left take 30 s
        assertThat(p.etaSeconds()).isEqualTo(30);
        assertThat(metrics.getGauges().get("cryptoflow.collector.backfill.binance.btcusdt.1h.done").getValue()).isEqualTo(350L);
    }

    @Test
    void finishedKeysReportHundredPercentAndNoEta() {
        ProgressTracker tracker = new ProgressTracker(new MetricRegistry());
        tracker.start(BTC, Timeframe.D1, 0, 730);

        tracker.finish(BTC, Timeframe.D1);

        ProgressTracker.Progress p = tracker.snapshot().get(0);
        assertThat(p.percent()).isEqualTo(100.0);
        assertThat(p.etaSeconds()).isZero();
        assertThat(p.state()).isEqualTo(ProgressTracker.State.DONE);
    }
}
