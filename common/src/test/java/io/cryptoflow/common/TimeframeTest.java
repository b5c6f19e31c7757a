package io.cryptoflow.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TimeframeTest {

    @Test
    void parsesMinutesAndLabelsCaseInsensitively() {
        assertThat(Timeframe.parse("15")).contains(Timeframe.M15);
        assertThat(Timeframe.parse("1H")).contains(Timeframe.H1);
        assertThat(Timeframe.parse(" 240 ")).contains(Timeframe.H4);
        assertThat(Timeframe.parse("1d")).contains(Timeframe.D1);
        assertThat(Timeframe.parse("1440")).contains(Timeframe.D1);
    }

    @Test
    void rejectsAnythingOutsideTheClosedSet() {
        assertThat(Timeframe.parse("30")).isEmpty();
        assertThat(Timeframe.parse("candles_15; DROP TABLE x")).isEmpty();
        assertThat(Timeframe.parse("")).isEmpty();
        assertThat(Timeframe.parse(null)).isEmpty();
    }

    @Test
    void tableNamesMatchTheOldTool() {
        assertThat(Timeframe.all()).extracting(Timeframe::table)
                .containsExactly("candles_15", "candles_60", "candles_240", "candles_1440");
    }

    @Test
    void openTimeFloorsToTheTimeframeIncludingBeforeEpoch() {
        long t = 1_700_000_123_456L;
        assertThat(Timeframe.H1.openTimeOf(t)).isEqualTo(1_699_999_200_000L);
        assertThat(Timeframe.H1.isAligned(1_699_999_200_000L)).isTrue();
        assertThat(Timeframe.M15.openTimeOf(-1)).isEqualTo(-900_000L);
    }
}
