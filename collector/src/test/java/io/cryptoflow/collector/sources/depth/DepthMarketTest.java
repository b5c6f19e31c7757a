package io.cryptoflow.collector.sources.depth;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoflow.collector.exchange.Prices;
import io.cryptoflow.collector.exchange.book.BookSync;
import io.cryptoflow.collector.exchange.book.DepthUpdate;
import io.cryptoflow.collector.exchange.bybit.BybitDepthProtocol;
import io.cryptoflow.collector.store.DepthBatch;
import io.cryptoflow.collector.store.DepthRow;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.PartitionKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A sample is stored only once a later message proved the book right; a resync in between discards it. */
class DepthMarketTest {

    private final BookSync sync = new BybitDepthProtocol().newSync();
    private final DepthMarket market = new DepthMarket(MarketSymbol.of("BYBIT", "BTCUSDT"), sync,
            (symbol, mid) -> Prices.parse("10"), 0.01);
    private final List<DepthRow> rows = new ArrayList<>();
    private final List<DepthBatch.Coverage> coverage = new ArrayList<>();

    private void message(boolean snapshot, long u) {
        synchronized (sync) {
            sync.onMessage(new DepthUpdate("BTCUSDT", snapshot, 0, u, u, -1,
                    List.of(HeatmapTest.level("100000", 1)), List.of(HeatmapTest.level("100010", 1)), null));
        }
    }

    private void tick(long time) {
        rows.clear();
        coverage.clear();
        market.sample(time, rows, coverage);
    }

    @Test
    void samplesWaitForTheNextMessageThenExtendOneCoverageRange() {
        tick(1_000);
        assertThat(market.status().missing()).as("no book yet").isEqualTo(1);
        message(true, 1);
        tick(2_000);
        assertThat(rows).as("not proven yet").isEmpty();
        message(false, 2);
        tick(3_000);
        assertThat(rows).extracting(DepthRow::time).containsExactly(2_000L);
        assertThat(coverage).containsExactly(new DepthBatch.Coverage("BTCUSDT", 2_000, 2_000));
        message(false, 3);
        tick(4_000);
        assertThat(coverage).containsExactly(new DepthBatch.Coverage("BTCUSDT", 2_000, 3_000));
        assertThat(market.status().written()).isEqualTo(2);
    }

    @Test
    void aGapDetectedAfterASampleDiscardsItAndClosesTheRange() {
        message(true, 1);
        tick(1_000);
        message(false, 2);
        tick(2_000); // 1 000 proven
        message(false, 4); // 3 lost: the book at 2 000 may have been wrong
        message(true, 10); // the resubscribe's snapshot
        tick(3_000);
        assertThat(rows).isEmpty();
        assertThat(coverage).isEmpty();
        message(false, 11);
        tick(4_000);
        assertThat(rows).extracting(DepthRow::time).containsExactly(3_000L);
        assertThat(coverage).as("a new range: 2 000 is missing").containsExactly(new DepthBatch.Coverage("BTCUSDT", 3_000, 3_000));
        assertThat(market.status().missing()).isEqualTo(1);
        assertThat(market.status().resyncs()).isEqualTo(1);
    }

    @Test
    void aMinuteRowFollowsTheMinutesSeconds() {
        message(true, 1);
        long u = 2;
        List<DepthRow> all = new ArrayList<>();
        for (long t = 0; t <= 61_000; t += 1_000) {
            tick(t);
            all.addAll(rows);
            message(false, u++);
        }
        tick(62_000);
        all.addAll(rows);
        assertThat(all).filteredOn(r -> r.kind() == PartitionKind.DEPTH_MINUTE).singleElement()
                .satisfies(r -> {
                    assertThat(r.time()).isZero();
                    assertThat(r.samples()).isEqualTo(60);
                    assertThat(Heatmap.decode(r.bids())[0]).isEqualTo(1f);
                });
        assertThat(all).filteredOn(r -> r.kind() == PartitionKind.DEPTH).hasSize(62);
    }
}
