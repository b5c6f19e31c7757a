package io.cryptoflow.collector.sources.trades;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoflow.collector.exchange.Trade;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The primitive-array buffers of the sequencer behave as the boxed collections they replace. */
class CompactTradeBuffersTest {

    @Test
    void liveBufferIsFirstInFirstOutAcrossGrowthWrapAndClear() {
        LiveTradeBuffer buffer = new LiveTradeBuffer();
        ArrayDeque<Trade> expected = new ArrayDeque<>();
        Random random = new Random(7);
        for (int step = 0; step < 200_000; step++) {
            if (random.nextInt(3) > 0) {
                Trade t = new Trade(step, random.nextLong(), random.nextDouble(), random.nextBoolean(), step * 3L);
                buffer.add(t);
                expected.add(t);
            } else {
                assertThat(buffer.pollFirst()).isEqualTo(expected.pollFirst());
            }
            if (step % 50_000 == 49_999) {
                buffer.clear();
                expected.clear();
            }
            assertThat(buffer.size()).isEqualTo(expected.size());
            assertThat(buffer.peekFirst()).isEqualTo(expected.peekFirst());
        }
    }

    @Test
    void recentIdsRememberExactlyTheRetainedWindow() {
        long retention = 1_000;
        RecentTradeIds ids = new RecentTradeIds(retention);
        Random random = new Random(11);
        ArrayDeque<long[]> order = new ArrayDeque<>();
        Set<Long> expected = new HashSet<>();
        long time = 0;
        for (int step = 0; step < 100_000; step++) {
            // bursts (many ids a millisecond) and quiet spells (the window empties, the arrays shrink)
            time += step % 20_000 < 10_000 ? random.nextInt(2) : random.nextInt(400);
            long id = random.nextInt(5) == 0 ? random.nextInt(64) : random.nextLong(); // repeats and id 0 too
            if (expected.add(id)) {
                order.add(new long[] {id, time});
            }
            ids.add(id, time, time);
            while (!order.isEmpty() && order.peekFirst()[1] < time - retention) {
                expected.remove(order.pollFirst()[0]);
            }
            assertThat(ids.size()).isEqualTo(expected.size());
            long probe = random.nextInt(64);
            assertThat(ids.contains(probe)).isEqualTo(expected.contains(probe));
            assertThat(ids.contains(id)).isEqualTo(expected.contains(id));
        }
        ids.clear();
        assertThat(ids.size()).isZero();
        assertThat(ids.contains(0)).isFalse();
    }
}
