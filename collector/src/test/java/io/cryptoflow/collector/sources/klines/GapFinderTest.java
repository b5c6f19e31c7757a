package io.cryptoflow.collector.sources.klines;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoflow.common.Timeframe;
import java.util.List;
import org.junit.jupiter.api.Test;

class GapFinderTest {

    private static final long H = Timeframe.H1.millis();
    private static final TimeRange WINDOW = new TimeRange(0, 9 * H);

    @Test
    void emptyStoreMissesTheWholeWindow() {
        assertThat(GapFinder.missing(Timeframe.H1, List.of(), WINDOW, List.of())).containsExactly(WINDOW);
    }

    @Test
    void findsHolesAtStartMiddleAndEnd() {
        List<Long> stored = List.of(2 * H, 3 * H, 6 * H, 7 * H);

        assertThat(GapFinder.missing(Timeframe.H1, stored, WINDOW, List.of())).containsExactly(
                new TimeRange(0, H), new TimeRange(4 * H, 5 * H), new TimeRange(8 * H, 9 * H));
    }

    @Test
    void completeWindowHasNoGaps() {
        List<Long> stored = List.of(0L, H, 2 * H, 3 * H, 4 * H, 5 * H, 6 * H, 7 * H, 8 * H, 9 * H);

        assertThat(GapFinder.missing(Timeframe.H1, stored, WINDOW, List.of())).isEmpty();
    }

    @Test
    void rangesKnownToHaveNoDataAreNotAskedAgain() {
        List<TimeRange> gaps = GapFinder.missing(Timeframe.H1, List.of(5 * H), WINDOW, List.of(new TimeRange(0, 2 * H)));

        assertThat(gaps).containsExactly(new TimeRange(3 * H, 4 * H), new TimeRange(6 * H, 9 * H));
        assertThat(GapFinder.size(Timeframe.H1, gaps)).isEqualTo(6);
    }
}
