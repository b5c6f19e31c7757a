package io.cryptoflow.collector.sources.klines;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import io.cryptoflow.collector.exchange.binance.BinanceFuturesMarket;
import io.cryptoflow.collector.store.ConfiguredMarket;
import io.cryptoflow.common.ConfiguredMarketSchema.Kind;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.Timeframe;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What {@link ConfiguredMarkets} records: each kline worker's markets with its timeframes and kinds (no request is made). */
class ConfiguredMarketsTest {

    private static MarketWorker worker(List<String> symbols, List<Timeframe> tfs) {
        KlineClient client = new KlineClient(new BinanceFuturesMarket("http://127.0.0.1:1"), HttpClient.newHttpClient(),
                Duration.ofSeconds(1), new MetricRegistry(), () -> 0L);
        return new MarketWorker(client, null, null, null, new ProgressTracker(new MetricRegistry()), symbols, tfs,
                HistoryWindows.uniform(1), new WorkerSettings(100, 3, 20, 200, 3_600_000), () -> 0L);
    }

    @Test
    void everyWorkersSymbolIsRecordedByStoredNameWithItsTimeframesAndKinds() {
        Map<MarketSymbol, Set<Kind>> kinds = Map.of(MarketSymbol.of("BINANCE", "BTCUSDT"), Set.of(Kind.DEPTH, Kind.TRADES),
                MarketSymbol.of("BINANCE", "XRPUSDT"), Set.of(Kind.FUNDING));
        assertThat(ConfiguredMarkets.of(List.of(worker(List.of("BTCUSDT", "ETHUSDT"), List.of(Timeframe.H1, Timeframe.M15))), kinds))
                .containsExactly(new ConfiguredMarket("BINANCE:BTCUSDT", "15,60", "trades,depth"),
                        new ConfiguredMarket("BINANCE:ETHUSDT", "15,60", ""));
    }

    @Test
    void noKlineWorkersRecordNothing() {
        assertThat(ConfiguredMarkets.of(List.of(), Map.of(MarketSymbol.of("BINANCE", "BTCUSDT"), Set.of(Kind.TRADES)))).isEmpty();
    }
}
