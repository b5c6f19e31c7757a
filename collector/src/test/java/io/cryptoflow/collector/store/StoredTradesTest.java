package io.cryptoflow.collector.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.TradePartition;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a market's stored trades end, read from a real collector.db the writer filled. */
class StoredTradesTest {

    private static final MarketSymbol BTC = MarketSymbol.of("BINANCE", "BTCUSDT");
    private static final MarketSymbol ETH = MarketSymbol.of("BINANCE", "ETHUSDT");
    private static final long DAY = 86_400_000L;
    private static final long D1 = new TradePartition("BINANCE", LocalDate.of(2026, 12, 2)).dayStart();

    @TempDir
    Path dir;

    private SqliteCandleWriter writer;
    private StoredTrades stored;

    @BeforeEach
    void start() throws Exception {
        Path db = dir.resolve("collector.db");
        writer = new SqliteCandleWriter(db, 8, new MetricRegistry());
        writer.start();
        stored = new StoredTrades(db);
    }

    @AfterEach
    void stop() throws Exception {
        writer.stop();
    }

    private void write(MarketSymbol m, long... idTime) throws Exception {
        List<TradeRow> rows = new java.util.ArrayList<>();
        for (int i = 0; i < idTime.length; i += 2) {
            rows.add(new TradeRow(m.symbol(), idTime[i], idTime[i + 1], 97_000.5, 0.01, false));
        }
        writer.submitTrades(new TradeBatch(m, rows)).get(10, TimeUnit.SECONDS);
    }

    @Test
    void theNewestTradeWithTheLastSecondsAcrossTheDayBoundaryOnlyOfThatMarket() throws Exception {
        assertThat(stored.tail(BTC, D1 - DAY, 10_000)).as("nothing stored yet").isEmpty();
        write(BTC, 1, D1 - 20_000, 2, D1 - 6_000, 3, D1 - 6_000, 4, D1 + 1_000, 5, D1 + 3_000);
        write(ETH, 9, D1 + 5_000);
        write(MarketSymbol.of("BYBIT", "BTCUSDT"), 7, D1 + 9_000);

        TradeTail tail = stored.tail(BTC, D1 - DAY, 10_000).orElseThrow();
        assertThat(tail.newest()).isEqualTo(new StoredTrade(5, D1 + 3_000));
        assertThat(tail.recent()).containsExactly(new StoredTrade(2, D1 - 6_000), new StoredTrade(3, D1 - 6_000),
                new StoredTrade(4, D1 + 1_000), new StoredTrade(5, D1 + 3_000));
        assertThat(stored.tail(BTC, D1 + 4_000, 10_000)).as("older than the catch-up may reach").isEmpty();
        assertThat(stored.tail(MarketSymbol.of("BINANCE", "SOLUSDT"), D1 - DAY, 10_000)).isEmpty();
    }

    @Test
    void aDayOnlyInAnEarlierPartitionIsFoundAndDroppedPartitionsAreNot() throws Exception {
        write(BTC, 1, D1 - 20_000);
        write(ETH, 9, D1 + 5_000); // today's partition holds no BTC trade
        assertThat(stored.tail(BTC, D1 - DAY, 1_000).orElseThrow().newest()).isEqualTo(new StoredTrade(1, D1 - 20_000));

        writer.submitTradeExpiry("BINANCE", D1).get(10, TimeUnit.SECONDS);
        assertThat(stored.tail(BTC, D1 - DAY, 1_000)).isEmpty();
    }
}
