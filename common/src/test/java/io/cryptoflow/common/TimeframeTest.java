package io.cryptoflow.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimeframeTest {

    @Test
    void parsesMinutesAndLabelsCaseInsensitively() {
        assertThat(Timeframe.parse("15")).contains(Timeframe.M15);
        assertThat(Timeframe.parse("1H")).contains(Timeframe.H1);
        assertThat(Timeframe.parse(" 240 ")).contains(Timeframe.H4);
        assertThat(Timeframe.parse("1d")).contains(Timeframe.D1);
        assertThat(Timeframe.parse("1440")).contains(Timeframe.D1);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"1, M1", "1m, M1", "5, M5", "5M, M5", "30, M30", "30m, M30"})
    void parsesTheFinerTimeframesByMinutesAndLabel(String text, Timeframe expected) {
        assertThat(Timeframe.parse(text)).contains(expected);
        assertThat(Timeframe.ofMinutes(expected.minutes())).contains(expected);
        assertThat(expected.millis()).isEqualTo(expected.minutes() * 60_000L);
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
