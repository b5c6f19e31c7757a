package io.cryptoflow.collector.sources.derivatives;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoflow.collector.sources.derivatives.SeriesGaps.Range;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeriesGapsTest {

    @Test
    void anEmptySeriesIsOneHoleOverTheWindow() {
        assertThat(SeriesGaps.holes(List.of(), 1000, 5000, 300)).containsExactly(new Range(1000, 5000));
    }

    @Test
    void holesAreTheSpansWiderThanTheStepBetweenStoredTimesAndAtBothEnds() {
        List<Range> holes = SeriesGaps.holes(List.of(1200L, 1500L, 1800L, 3000L, 3300L), 1000, 4000, 300);
        assertThat(holes).containsExactly(new Range(1801, 2999), new Range(3301, 4000));
    }

    @Test
    void aSeriesUpToDateWithinOneStepHasNoHole() {
        assertThat(SeriesGaps.holes(List.of(1000L, 1300L, 1600L), 1000, 1899, 300)).isEmpty();
        assertThat(SeriesGaps.holes(List.of(1000L, 1300L, 1600L), 1000, 1900, 300)).containsExactly(new Range(1601, 1900));
    }

    @Test
    void pagesCoverARangeWithoutOverlapOrHole() {
        assertThat(SeriesGaps.pages(new Range(0, 2500), 999))
                .containsExactly(new Range(0, 999), new Range(1000, 1999), new Range(2000, 2500));
        assertThat(SeriesGaps.pages(new Range(-5, 10), Long.MAX_VALUE)).containsExactly(new Range(-5, 10));
    }
}
