package io.cryptoflow.api.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoflow.api.support.DepthFixture;
import org.junit.jupiter.api.Test;

/** Down-sampling without the database: many steps of a market walking down and up the grid. */
class DepthSamplerTest {

    @Test
    void aLongWalkKeepsEveryStepExactAndTheSumsBounded() {
        DepthSampler sampler = new DepthSampler(60_000);
        for (int m = 0; m < 2000; m++) {
            long bid = 1_000_000 + (m % 400 < 200 ? -m % 200 : m % 200);
            DepthReads.Snapshot s = new DepthReads.Snapshot(m * 60_000L, 0.1, bid, bid + 1,
                    DepthFixture.blob(new float[] {m, 1, 2}), DepthFixture.blob(new float[] {3, m}), 60);
            sampler.add(s);
        }
        DepthSampler.Result r = sampler.finish();
        assertThat(r.times()).hasSize(2000);
        for (int m = 0; m < 2000; m += 97) {
            assertThat(r.bids()[m]).containsExactly(m, 1, 2);
            assertThat(r.asks()[m]).containsExactly(3, m);
            assertThat(r.askBin()[m] - r.bidBin()[m]).isEqualTo(1);
        }
    }
}
