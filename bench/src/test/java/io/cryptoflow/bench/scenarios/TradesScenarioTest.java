package io.cryptoflow.bench.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.cryptoflow.bench.db.CollectorTradeWatch.Sample;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TradesScenarioTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void thePeakRateIsTheBestSpanOfAtLeastTheGivenSeconds() {
        List<Sample> samples = new ArrayList<>();
        long trades = 0;
        for (int quarter = 0; quarter <= 80; quarter++) {
            samples.add(new Sample(quarter * SECOND / 4, trades));
            // 1,000 trades/s, except 60,000/s from second 8 to second 14
            boolean burst = quarter >= 32 && quarter < 56;
            trades += burst ? 15_000 : 250;
        }
        assertThat(TradesScenario.peakRate(samples, 5)).isCloseTo(60_000, within(1.0));
        assertThat(TradesScenario.meanRate(samples)).isCloseTo((24 * 15_000 + 56 * 250) / 20.0, within(1.0));
    }

    @Test
    void tooFewSamplesGiveNoRate() {
        assertThat(TradesScenario.peakRate(List.of(new Sample(0, 0), new Sample(SECOND, 10)), 5)).isZero();
        assertThat(TradesScenario.meanRate(List.of(new Sample(0, 0)))).isZero();
    }
}
