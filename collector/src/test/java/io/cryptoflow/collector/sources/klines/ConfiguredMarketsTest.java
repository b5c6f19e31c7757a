package io.cryptoflow.collector.sources.klines;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import io.cryptoflow.collector.exchange.binance.BinanceFuturesMarket;
import io.cryptoflow.common.Timeframe;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@link ConfiguredMarkets} records: each kline worker's markets with its timeframes (no request is made). */
class ConfiguredMarketsTest {

    private static MarketWorker worker(List<String> symbols, List<Timeframe> tfs) {
        KlineClient client = new KlineClient(new BinanceFuturesMarket("http://127.0.0.1:1"), HttpClient.newHttpClient(),
                Duration.ofSeconds(1), new MetricRegistry(), () -> 0L);
        return new MarketWorker(client, null, null, null, new ProgressTracker(new MetricRegistry()), symbols, tfs,
                HistoryWindows.uniform(1), new WorkerSettings(100, 3, 20, 200, 3_600_000), () -> 0L);
    }

    @Test
    void everyWorkersSymbolIsRecordedByStoredNameWithItsTimeframes() {
        assertThat(ConfiguredMarkets.of(List.of(worker(List.of("BTCUSDT", "ETHUSDT"), List.of(Timeframe.H1, Timeframe.M15)))))
                .containsExactly(java.util.Map.entry("BINANCE:BTCUSDT", "15,60"), java.util.Map.entry("BINANCE:ETHUSDT", "15,60"));
    }

    @Test
    void noKlineWorkersRecordNothing() {
        assertThat(ConfiguredMarkets.of(List.of())).isEmpty();
    }
}
