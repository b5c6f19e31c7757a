package io.cryptoflow.collector.sources.depth;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoflow.collector.exchange.Prices;
import io.cryptoflow.collector.exchange.book.DepthUpdate;
import io.cryptoflow.collector.exchange.book.LocalBook;
import io.cryptoflow.collector.store.DepthRow;
import io.cryptoflow.common.PartitionKind;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Binning on the price grid within the band, DepthSchema's blob layout, and the minute mean. */
class HeatmapTest {

    private static final long STEP = Prices.parse("10");

    static DepthUpdate.Level level(String price, double size) {
        return new DepthUpdate.Level(Prices.parse(price), size, price, Double.toString(size));
    }

    static LocalBook book(List<DepthUpdate.Level> bids, List<DepthUpdate.Level> asks) {
        LocalBook b = new LocalBook();
        b.replace(new DepthUpdate("BTCUSDT", true, 0, 1, 1, -1, bids, asks, null));
        return b;
    }

    @Test
    void levelsAreSummedPerBinFromTheBestBinOutwardsWithinTheBand() {
        LocalBook b = book(List.of(level("100005", 1), level("100001", 2), level("99995", 4), level("98000", 100)),
                List.of(level("100012", 0.5), level("100019", 0.25), level("100035", 3), level("102000", 100)));
        Heatmap h = Heatmap.of(b, STEP, 0.01);
        assertThat(h.bidBin()).isEqualTo(10_000);
        assertThat(h.askBin()).isEqualTo(10_001);
        assertThat(h.bids()[0]).as("100005 and 100001 share bin 10000").isEqualTo(3f);
        assertThat(h.bids()[1]).isEqualTo(4f);
        assertThat(h.asks()[0]).isEqualTo(0.75f);
        assertThat(h.asks()[2]).isEqualTo(3f);
        // ±1 % of the mid 100008.5: 99008.5 .. 101008.5 -> bins 9900..10100; 98000 and 102000 are cut
        assertThat(h.bids()).hasSize(10_000 - 9_900 + 1);
        assertThat(h.asks()).hasSize(10_100 - 10_001 + 1);
        float total = 0;
        for (float f : h.bids()) {
            total += f;
        }
        assertThat(total).isEqualTo(7f);
    }

    @Test
    void eachSideStopsAtItsDeepestLevelHeld() {
        LocalBook b = book(List.of(level("100005", 1), level("99950", 2)), List.of(level("100012", 1)));
        Heatmap h = Heatmap.of(b, STEP, 0.01);
        assertThat(h.bids()).containsExactly(1f, 0f, 0f, 0f, 0f, 2f);
        assertThat(h.asks()).containsExactly(1f);
    }

    @Test
    void blobsAreLittleEndianFloat32() {
        LocalBook b = book(List.of(level("100005", 1.5)), List.of(level("100015", 2.25)));
        DepthRow row = Heatmap.of(b, STEP, 0.0001).row(PartitionKind.DEPTH, "BTCUSDT", 1000, 1);
        assertThat(row.step()).isEqualTo(10.0);
        assertThat(ByteBuffer.wrap(row.bids()).order(ByteOrder.LITTLE_ENDIAN).getFloat(0)).isEqualTo(1.5f);
        assertThat(Heatmap.decode(row.asks())[0]).isEqualTo(2.25f);
        assertThat(row.bids().length % 4).isZero();
    }

    @Test
    void theMinuteRowIsTheMeanOfItsSecondsOverAbsoluteBins() {
        MinuteMean mean = new MinuteMean();
        Heatmap first = new Heatmap(STEP, 100, 101, new float[] {2, 4}, new float[] {6});
        Heatmap second = new Heatmap(STEP, 99, 100, new float[] {4}, new float[] {2, 8});
        assertThat(mean.add(60_000, first)).isNull();
        assertThat(mean.add(61_000, second)).isNull();
        MinuteMean.Finished m = mean.add(120_000, first);
        assertThat(m.minute()).isEqualTo(60_000);
        assertThat(m.samples()).isEqualTo(2);
        assertThat(m.heatmap().bidBin()).isEqualTo(100);
        assertThat(m.heatmap().bids()).containsExactly(1f, 4f);
        assertThat(m.heatmap().askBin()).isEqualTo(100);
        assertThat(m.heatmap().asks()).containsExactly(1f, 7f);
        assertThat(mean.flush().samples()).isEqualTo(1);
        assertThat(mean.flush()).isNull();
    }
}
