package io.cryptoflow.collector.sources.depth;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoflow.collector.exchange.Prices;
import io.cryptoflow.collector.exchange.book.BookSync;
import io.cryptoflow.collector.exchange.book.DepthUpdate;
import io.cryptoflow.collector.exchange.bybit.BybitDepthProtocol;
import io.cryptoflow.collector.health.DepthHealthCheck;
import io.cryptoflow.collector.store.DepthBatch;
import io.cryptoflow.collector.store.DepthSink;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.PartitionKind;
import io.cryptoflow.common.TradePartition;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** One writer batch per exchange and tick; each tier expired by its own retention; health stays green. */
class DepthSamplerTest {

    private final List<DepthBatch> batches = new ArrayList<>();
    private final List<String> expiries = new ArrayList<>();
    private final DepthSink sink = new DepthSink() {
        @Override
        public CompletableFuture<Void> submitDepth(DepthBatch batch) {
            batches.add(batch);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<List<String>> submitPartitionExpiry(String exchange, PartitionKind kind, long keepFrom) {
            expiries.add(exchange + " " + kind + " " + keepFrom);
            return CompletableFuture.completedFuture(List.of());
        }
    };

    private DepthMarket market(String symbol) {
        return new DepthMarket(MarketSymbol.of("BYBIT", symbol), new BybitDepthProtocol().newSync(),
                (s, mid) -> Prices.parse("10"), 0.01);
    }

    private static void message(BookSync sync, boolean snapshot, long u) {
        synchronized (sync) {
            sync.onMessage(new DepthUpdate("BTCUSDT", snapshot, 0, u, u, -1,
                    List.of(HeatmapTest.level("100000", 1)), List.of(HeatmapTest.level("100010", 1)), null));
        }
    }

    @Test
    void everyTickIsOneBatchPerExchangeAndUnknownBooksWriteNothing() {
        DepthMarket btc = market("BTCUSDT");
        DepthMarket eth = market("ETHUSDT");
        DepthSampler sampler = new DepthSampler(Map.of("BYBIT", List.of(btc, eth)), sink, () -> 0, 1_000,
                Map.of(PartitionKind.DEPTH, 2));
        message(btc.sync(), true, 1);
        sampler.tick(1_000);
        assertThat(batches).as("nothing proven yet").isEmpty();
        message(btc.sync(), false, 2);
        sampler.tick(2_000);
        assertThat(batches).singleElement().satisfies(b -> {
            assertThat(b.exchange()).isEqualTo("BYBIT");
            assertThat(b.rows()).singleElement().satisfies(r -> assertThat(r.symbol()).isEqualTo("BTCUSDT"));
        });
        DepthHealthCheck health = new DepthHealthCheck(() -> List.of(btc.status(), eth.status()));
        assertThat(health.execute().isHealthy()).isTrue();
        assertThat(health.execute().getMessage()).isEqualTo("1 of 2 books known right");
        assertThat(health.execute().getDetails()).containsKeys("BYBIT:BTCUSDT", "BYBIT:ETHUSDT");
    }

    @Test
    void aLateTimerRunStampingTheSameTimeAgainIsSkipped() {
        DepthMarket btc = market("BTCUSDT");
        long[] now = {1_000};
        DepthSampler sampler = new DepthSampler(Map.of("BYBIT", List.of(btc)), sink, () -> now[0], 1_000,
                Map.of(PartitionKind.DEPTH, 2));
        message(btc.sync(), true, 1);
        sampler.tickQuietly();
        message(btc.sync(), false, 2);
        now[0] = 2_000;
        sampler.tickQuietly();
        message(btc.sync(), false, 3);
        // the fixed-rate timer catching up after a stall: a second run within the same interval
        now[0] = 2_900;
        sampler.tickQuietly();
        message(btc.sync(), false, 4);
        now[0] = 3_000;
        sampler.tickQuietly();
        assertThat(batches).flatExtracting(DepthBatch::rows).extracting(r -> r.time())
                .as("one row per time").containsExactly(1_000L, 2_000L);
    }

    @Test
    void eachTierIsExpiredByItsOwnRetention() {
        long now = new TradePartition("BYBIT", LocalDate.of(2026, 12, 5)).dayStart() + 3_600_000;
        DepthSampler sampler = new DepthSampler(Map.of("BYBIT", List.of(market("BTCUSDT"))), sink, () -> now, 1_000,
                Map.of(PartitionKind.DEPTH, 2, PartitionKind.DEPTH_MINUTE, 90));
        sampler.expire(now).join();
        assertThat(expiries).containsExactlyInAnyOrder(
                "BYBIT DEPTH " + new TradePartition("BYBIT", LocalDate.of(2026, 12, 3)).dayStart(),
                "BYBIT DEPTH_MINUTE " + new TradePartition("BYBIT", LocalDate.of(2026, 9, 6)).dayStart());
    }
}
