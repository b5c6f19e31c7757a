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
    void parsesTheFinerTimeframesByMinutesAndLabel() {
        assertThat(Timeframe.parse("1")).contains(Timeframe.M1);
        assertThat(Timeframe.parse("1m")).contains(Timeframe.M1);
        assertThat(Timeframe.parse("5")).contains(Timeframe.M5);
        assertThat(Timeframe.parse("5M")).contains(Timeframe.M5);
        assertThat(Timeframe.parse("30")).contains(Timeframe.M30);
        assertThat(Timeframe.parse("30m")).contains(Timeframe.M30);
        assertThat(Timeframe.ofMinutes(30)).contains(Timeframe.M30);
        assertThat(Timeframe.M5.millis()).isEqualTo(300_000L);
    }

    @Test
    void acceptedListsEveryTimeframeByMinutesAndLabel() {
        for (Timeframe tf : Timeframe.values()) {
            assertThat(Timeframe.ACCEPTED).contains(Integer.toString(tf.minutes())).contains(tf.label());
        }
    }

    @Test
    void rejectsAnythingOutsideTheClosedSet() {
        assertThat(Timeframe.parse("3")).isEmpty();
        assertThat(Timeframe.parse("2h")).isEmpty();
        assertThat(Timeframe.parse("candles_15; DROP TABLE x")).isEmpty();
        assertThat(Timeframe.parse("")).isEmpty();
        assertThat(Timeframe.parse(null)).isEmpty();
    }

    @Test
    void tableNamesMatchTheOldTool() {
        assertThat(Timeframe.all()).extracting(Timeframe::table)
                .containsExactly("candles_1", "candles_5", "candles_15", "candles_30", "candles_60", "candles_240",
                        "candles_1440");
    }

    @Test
    void openTimeFloorsToTheTimeframeIncludingBeforeEpoch() {
        long t = 1_700_000_123_456L;
        assertThat(Timeframe.H1.openTimeOf(t)).isEqualTo(1_699_999_200_000L);
        assertThat(Timeframe.H1.isAligned(1_699_999_200_000L)).isTrue();
        assertThat(Timeframe.M15.openTimeOf(-1)).isEqualTo(-900_000L);
    }
}
